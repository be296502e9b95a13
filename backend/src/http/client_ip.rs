//! Which address a request came from, behind reverse proxies. `X-Forwarded-For` is a list each
//! proxy appends the address it saw to; everything left of what our own proxies appended is
//! whatever the client chose to send. So the client is the right-most address that is not one
//! of our trusted proxies (what nginx's `real_ip_recursive` and actix's docs advise), never the
//! left-most. Pure functions, no HTTP types.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

/// A block of addresses such as `10.0.0.0/8` or `fd00::/8`; a bare address is a block of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// Whether `ip` lies in the block (an IPv4-mapped IPv6 address counts as its IPv4 address).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = mask_u32(self.prefix);
                u32::from(ip) & mask == u32::from(net)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = mask_u128(self.prefix);
                u128::from(ip) & mask == u128::from(net)
            }
            _ => false,
        }
    }

    /// Reads a comma-separated list of blocks (spaces allowed), as in `APP_TRUSTED_PROXIES`.
    pub fn parse_list(list: &str) -> Result<Vec<Self>, String> {
        list.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::parse)
            .collect()
    }
}

fn mask_u32(prefix: u8) -> u32 {
    u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0)
}

fn mask_u128(prefix: u8) -> u128 {
    u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0)
}

impl FromStr for Cidr {
    type Err = String;

    /// `ADDRESS/PREFIX` or a bare `ADDRESS`; host bits set below the prefix are refused, as they
    /// usually mean a typo in the prefix.
    fn from_str(s: &str) -> Result<Self, String> {
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let network = addr
            .parse::<IpAddr>()
            .map_err(|_| format!("`{s}` is not an address block like 10.0.0.0/8 or fd00::/8"))?
            .to_canonical();
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("`{s}`: the prefix length must be 0 to {max}"))?,
        };
        let cidr = Cidr { network, prefix };
        let masked = match network {
            IpAddr::V4(v4) => IpAddr::from((u32::from(v4) & mask_u32(prefix)).to_be_bytes()),
            IpAddr::V6(v6) => IpAddr::from((u128::from(v6) & mask_u128(prefix)).to_be_bytes()),
        };
        if masked != network {
            return Err(format!(
                "`{s}` has bits set after the prefix; did you mean `{masked}/{prefix}`?"
            ));
        }
        Ok(cidr)
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

/// The client's address: the TCP peer, unless the peer is a trusted proxy; then the right-most
/// address of `forwarded_for` (the `X-Forwarded-For` headers in order) that is not a trusted
/// proxy. When every address is trusted, the left-most; when an entry is not an address, the
/// last trusted one before it (nothing further left can be vouched for).
pub fn client_ip(peer: IpAddr, forwarded_for: &[&str], trusted: &[Cidr]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|c| c.contains(ip));
    let mut client = peer.to_canonical();
    if !is_trusted(client) {
        return client;
    }
    let hops = forwarded_for.iter().rev().flat_map(|h| h.rsplit(','));
    for hop in hops {
        let Some(ip) = parse_hop(hop.trim()) else {
            return client;
        };
        client = ip;
        if !is_trusted(ip) {
            return ip;
        }
    }
    client
}

/// One `X-Forwarded-For` entry: an address, possibly with a port or IPv6 brackets.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let ip = hop
        .parse::<IpAddr>()
        .or_else(|_| hop.parse::<std::net::SocketAddr>().map(|s| s.ip()))
        .or_else(|_| {
            hop.strip_prefix('[')
                .and_then(|h| h.strip_suffix(']'))
                .unwrap_or("")
                .parse::<IpAddr>()
        })
        .ok()?;
    Some(ip.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn proxies(list: &str) -> Vec<Cidr> {
        Cidr::parse_list(list).unwrap()
    }

    #[test]
    fn blocks_of_both_families_contain_what_they_should() {
        let net = proxies("10.0.0.0/8, 192.168.1.7, fd00::/8, 0.0.0.0/0");
        assert!(net[0].contains(ip("10.255.0.1")));
        assert!(!net[0].contains(ip("11.0.0.1")));
        assert!(net[1].contains(ip("192.168.1.7")));
        assert!(!net[1].contains(ip("192.168.1.8")));
        assert!(net[2].contains(ip("fd12::1")));
        assert!(!net[2].contains(ip("fe80::1")));
        assert!(!net[2].contains(ip("10.0.0.1")), "families never mix");
        assert!(net[3].contains(ip("203.0.113.9")));
        assert!(
            net[0].contains(ip("::ffff:10.1.2.3")),
            "an IPv4-mapped IPv6 address is its IPv4 address"
        );
        assert_eq!(net[2].to_string(), "fd00::/8");
        assert_eq!(net[1].to_string(), "192.168.1.7/32");
    }

    #[test]
    fn bad_blocks_are_refused_with_the_reason() {
        for (bad, says) in [
            ("10.0.0.0/33", "0 to 32"),
            ("fd00::/129", "0 to 128"),
            ("10.0.0.1/8", "did you mean `10.0.0.0/8`"),
            ("proxy.internal", "not an address block"),
            ("10.0.0.0/x", "prefix length"),
        ] {
            let err = bad.parse::<Cidr>().unwrap_err();
            assert!(err.contains(says), "{bad}: {err}");
        }
        assert!(Cidr::parse_list("10.0.0.0/8,,").is_ok());
        assert!(Cidr::parse_list("").unwrap().is_empty());
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let trusted = proxies("10.0.0.0/8");
        assert_eq!(
            client_ip(ip("198.51.100.4"), &["1.2.3.4"], &trusted),
            ip("198.51.100.4")
        );
        assert_eq!(client_ip(ip("198.51.100.4"), &[], &[]), ip("198.51.100.4"));
    }

    #[test]
    fn behind_trusted_proxies_the_right_most_untrusted_address_wins() {
        let trusted = proxies("127.0.0.1, 10.0.0.0/8");
        // The client forged the first entry; our proxies appended the rest.
        let headers = ["6.6.6.6, 203.0.113.7, 10.0.0.2"];
        assert_eq!(
            client_ip(ip("127.0.0.1"), &headers, &trusted),
            ip("203.0.113.7")
        );
        // Several headers read as one list, in order.
        let split = ["6.6.6.6", "203.0.113.7", "10.0.0.2"];
        assert_eq!(
            client_ip(ip("127.0.0.1"), &split, &trusted),
            ip("203.0.113.7")
        );
        assert_eq!(
            client_ip(ip("10.0.0.9"), &["[2001:db8::5]:443"], &trusted),
            ip("2001:db8::5")
        );
        assert_eq!(
            client_ip(ip("::ffff:127.0.0.1"), &["203.0.113.8:5555"], &trusted),
            ip("203.0.113.8")
        );
    }

    #[test]
    fn all_trusted_or_unreadable_entries_stop_at_what_can_be_vouched_for() {
        let trusted = proxies("127.0.0.0/8, 10.0.0.0/8");
        assert_eq!(
            client_ip(ip("127.0.0.1"), &["10.0.0.3, 10.0.0.2"], &trusted),
            ip("10.0.0.3")
        );
        assert_eq!(
            client_ip(ip("127.0.0.1"), &[], &trusted),
            ip("127.0.0.1"),
            "a trusted peer that forwards nothing is the client"
        );
        assert_eq!(
            client_ip(
                ip("127.0.0.1"),
                &["203.0.113.7, nonsense, 10.0.0.2"],
                &trusted
            ),
            ip("10.0.0.2")
        );
        assert_eq!(
            client_ip(ip("127.0.0.1"), &["unknown"], &trusted),
            ip("127.0.0.1")
        );
    }
}
