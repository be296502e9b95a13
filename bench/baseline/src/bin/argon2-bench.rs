//! Raw argon2id verifications per second on every core, with the product's cost parameters:
//! `argon2-bench verify SECONDS M_KIB T P [THREADS]` prints `{"verifications": n, "seconds": s,
//! "per_second": r, "threads": k}`; `argon2-bench hash PASSWORD M_KIB T P` prints a PHC string
//! made the way the product makes them (argon2id, v=19, 16-byte random salt, 32-byte output).

use std::time::{Duration, Instant};

use argon2::password_hash::phc::{Output, ParamsString, Salt};
use argon2::{Algorithm, Argon2, Block, Params, PasswordHash, Version};

fn params(args: &[String], from: usize) -> Params {
    let n = |i: usize| -> u32 {
        args.get(from + i)
            .and_then(|s| s.parse().ok())
            .expect("usage: … M_KIB T P")
    };
    Params::new(n(0), n(1), n(2), None).expect("argon2 parameters")
}

fn argon(p: &Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, p.clone())
}

fn hash(p: &Params, password: &str) -> String {
    let salt_bytes = argon2::password_hash::generate_salt();
    let salt = Salt::new(&salt_bytes).expect("salt");
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    argon(p)
        .hash_password_into(password.as_bytes(), &salt, &mut out)
        .expect("hash");
    PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(p).expect("params string"),
        salt: Some(salt),
        hash: Some(Output::new(&out).expect("output")),
    }
    .to_string()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("hash") => println!("{}", hash(&params(&args, 3), &args[2])),
        Some("verify") => {
            let secs: f64 = args[2].parse().expect("seconds");
            let p = params(&args, 3);
            let threads: usize = args.get(6).and_then(|s| s.parse().ok()).unwrap_or_else(|| {
                std::thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(1)
            });
            let phc = hash(&p, "Bench-Passw0rd");
            let start = Instant::now();
            let deadline = start + Duration::from_secs_f64(secs);
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    let (phc, p) = (phc.clone(), p.clone());
                    std::thread::spawn(move || {
                        // Like the product: parse the stored hash, recompute into reused memory,
                        // compare in constant time.
                        let mut blocks = vec![Block::default(); p.block_count()];
                        let mut n = 0u64;
                        while Instant::now() < deadline {
                            let parsed = PasswordHash::new(&phc).unwrap();
                            let (salt, expected) =
                                (parsed.salt.as_ref().unwrap(), parsed.hash.as_ref().unwrap());
                            let mut out = vec![0u8; expected.len()];
                            argon(&p)
                                .hash_password_into_with_memory(
                                    b"Bench-Passw0rd",
                                    salt,
                                    &mut out,
                                    &mut blocks,
                                )
                                .unwrap();
                            assert!(Output::new(&out).unwrap() == *expected);
                            n += 1;
                        }
                        n
                    })
                })
                .collect();
            let n: u64 = handles.into_iter().map(|h| h.join().unwrap()).sum();
            let elapsed = start.elapsed().as_secs_f64();
            println!(
                "{{\"verifications\": {n}, \"seconds\": {elapsed:.3}, \"per_second\": {:.2}, \"threads\": {threads}}}",
                n as f64 / elapsed
            );
        }
        _ => {
            eprintln!("usage: argon2-bench hash PASSWORD M T P | verify SECONDS M T P [THREADS]");
            std::process::exit(2);
        }
    }
}
