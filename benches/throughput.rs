//! Requests per second from one sender against a fixed-reply server, for
//! `benches/throughput.sh`, which runs each sender in turn (and wrk beside them) and reports
//! medians.
//!
//! ```sh
//! cargo bench --bench throughput -- SENDER URL CONCURRENCY SECONDS [BODY_FILE]
//! ```
//!
//! `SENDER` is `lamplight` (`Client::create` of a derived referral: encode, send, decode the
//! reply leniently) or `reqwest` (a plain `reqwest::Client` posting the same form body to the same
//! URL and decoding the reply with `serde_json`). With `BODY_FILE`, it writes the exact body for
//! wrk to post too. Credentials are fixed (`lampid=1&project=1&key=bench-key`): the server
//! replies the same bytes whatever they are.

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

/// What a plain reqwest user would decode a write reply into.
#[derive(serde::Deserialize)]
struct Reply {
    #[allow(dead_code)]
    data: serde_json::Value,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

const QUERY: &str = "lampid=1&project=1&key=bench-key";

fn main() -> Result<(), BoxError> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let [sender, url, concurrency, seconds, rest @ ..] = args.as_slice() else {
        println!("usage: throughput lamplight|reqwest URL CONCURRENCY SECONDS [BODY_FILE]");
        return Ok(());
    };
    let concurrency: usize = concurrency.parse()?;
    let duration = Duration::from_secs(seconds.parse()?);
    let referral = Arc::new(Referral {
        attendee: ProfileRef::id(653),
        reason: "Finding school hard & would like a mentor".into(),
        workarea: WorkareaId::one(1),
        heard_via: HeardVia::WordOfMouth,
        school_year: 10,
    });
    let body = referral.to_form()?.to_body();
    if let Some(path) = rest.first() {
        std::fs::write(path, &body)?;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let (sent, failed) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let started = Instant::now();
    let lamplight = Client::builder()
        .credentials(Credentials::new(1, 1, "bench-key"))
        .base_url(url)
        .retry(RetryPolicy::none())
        .build()?;
    let plain = reqwest::Client::new();
    let endpoint = format!("{url}referral/add/format/json?{QUERY}");
    let body = bytes::Bytes::from(body);
    let use_lamplight = match sender.as_str() {
        "lamplight" => true,
        "reqwest" => false,
        other => return Err(format!("unknown sender {other}").into()),
    };
    runtime.block_on(async {
        let workers: Vec<_> = (0..concurrency)
            .map(|_| {
                let (lamplight, referral) = (lamplight.clone(), Arc::clone(&referral));
                let (plain, endpoint, body) = (plain.clone(), endpoint.clone(), body.clone());
                let (sent, failed) = (Arc::clone(&sent), Arc::clone(&failed));
                tokio::spawn(async move {
                    while started.elapsed() < duration {
                        let ok = if use_lamplight {
                            lamplight.create(&*referral).await.is_ok()
                        } else {
                            post_plain(&plain, &endpoint, body.clone()).await.is_ok()
                        };
                        let counter = if ok { &sent } else { &failed };
                        counter.fetch_add(1, Ordering::Relaxed);
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
        "{sender}: {sent} requests ({failed} failed) in {elapsed:.1} s at concurrency {concurrency}: {:.0} requests/s",
        sent as f64 / elapsed
    );
    Ok(())
}

async fn post_plain(
    client: &reqwest::Client,
    url: &str,
    body: bytes::Bytes,
) -> Result<(), BoxError> {
    let reply = client
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await?
        .error_for_status()?
        .bytes()
        .await?;
    serde_json::from_slice::<Reply>(&reply)?;
    Ok(())
}
