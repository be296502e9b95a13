//! Address blocks such as `10.0.0.0/8`, as the trusted proxies are configured
//! (`APP_TRUSTED_PROXIES`).

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

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn blocks_of_both_families_contain_what_they_should() {
        let net = Cidr::parse_list("10.0.0.0/8, 192.168.1.7, fd00::/8, 0.0.0.0/0").unwrap();
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
}
