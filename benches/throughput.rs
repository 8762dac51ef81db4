//! Referrals per second through the client against a running sandbox, for
//! `benches/throughput.sh`, which runs a raw load tool with the same body beside it.
//!
//! ```sh
//! cargo bench --bench throughput -- URL LAMPID PROJECT KEY CONCURRENCY SECONDS [BODY_FILE]
//! ```
//!
//! With `BODY_FILE`, it also writes the exact body it posts, for the load tool to post too.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use lamplight::{
    Client, Credentials, LamplightOption, LamplightRecord, ProfileRef, Record, RetryPolicy,
    WorkareaId,
};

#[derive(LamplightOption, Clone, Copy)]
enum HeardVia {
    #[lamplight(rename = "Word of mouth")]
    WordOfMouth,
}

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: ProfileRef,
    reason: String,
    workarea: WorkareaId,
    #[lamplight(rename = "How did you hear")]
    heard_via: HeardVia,
    school_year: u8,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn main() -> Result<(), BoxError> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let [url, lampid, project, key, concurrency, seconds, rest @ ..] = args.as_slice() else {
        println!("usage: throughput URL LAMPID PROJECT KEY CONCURRENCY SECONDS [BODY_FILE]");
        return Ok(());
    };
    let concurrency: usize = concurrency.parse()?;
    let duration = Duration::from_secs(seconds.parse()?);
    let referral = Referral {
        attendee: ProfileRef::id(653),
        reason: "Finding school hard & would like a mentor".into(),
        workarea: WorkareaId::one(1),
        heard_via: HeardVia::WordOfMouth,
        school_year: 10,
    };
    if let Some(path) = rest.first() {
        std::fs::write(path, referral.to_form()?.to_body())?;
    }
    let client = Client::builder()
        .credentials(Credentials::new(
            lampid.parse()?,
            project.parse()?,
            key.as_str(),
        ))
        .base_url(url)
        .retry(RetryPolicy::none())
        .build()?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let (sent, failed) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let referral = Arc::new(referral);
    let started = Instant::now();
    runtime.block_on(async {
        let workers: Vec<_> = (0..concurrency)
            .map(|_| {
                let (client, referral) = (client.clone(), Arc::clone(&referral));
                let (sent, failed) = (Arc::clone(&sent), Arc::clone(&failed));
                tokio::spawn(async move {
                    while started.elapsed() < duration {
                        match client.create(&*referral).await {
                            Ok(_) => sent.fetch_add(1, Ordering::Relaxed),
                            Err(_) => failed.fetch_add(1, Ordering::Relaxed),
                        };
                    }
                })
            })
            .collect();
        for worker in workers {
            let _ = worker.await;
        }
    });
    let elapsed = started.elapsed().as_secs_f64();
    let (sent, failed) = (sent.load(Ordering::Relaxed), failed.load(Ordering::Relaxed));
    println!(
        "client: {sent} referrals ({failed} failed) in {elapsed:.1} s at concurrency {concurrency}: {:.0} referrals/s",
        sent as f64 / elapsed
    );
    Ok(())
}
