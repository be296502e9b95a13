//! Which address a request came from, behind reverse proxies. `X-Forwarded-For` is a list each
//! proxy appends the address it saw to; everything left of what our own proxies appended is
//! whatever the client chose to send. So the client is the right-most address that is not one
//! of our trusted proxies (what nginx's `real_ip_recursive` and actix's docs advise), never the
//! left-most. Pure functions, no HTTP types.

use std::net::IpAddr;

pub use crate::config::cidr::Cidr;

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
