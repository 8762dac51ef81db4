//! Requests per second from one sender against a fixed-reply server, for
//! `benches/throughput.sh`, which runs each sender in turn (and wrk beside them) and reports
//! medians.
//!
//! ```sh
//! cargo bench --bench throughput -- SENDER URL CONCURRENCY SECONDS [BODY_FILE]
//! ```
//!
//! `SENDER` is one of:
//!
//! - `lamplight`: `Client::create` of a derived referral (encode, send, decode the reply
//!   leniently and check it as strictly as the PHP client does), retries off;
//! - `reqwest`: what a user of plain reqwest writes for the same request: `.form(&twin)` of a
//!   `serde::Serialize` twin of the referral (encoded per request, to the same bytes), then the
//!   reply's `data.id` decoded with `serde_json`;
//! - `reqwest-timeout`: `reqwest` with a 30 s timeout on each request, as the lamplight client
//!   always sets one (a timer per request);
//! - `reqwest-body`: `reqwest` posting a body encoded once before the run, to show what the
//!   per-request encoding costs;
//! - `hyper`: the same request and decoding on hyper's own pooled client (`hyper-util`'s
//!   legacy client, which reqwest is built on), to show what reqwest itself adds.
//!
//! Every sender runs on the same multi-threaded tokio runtime (one worker per core; with
//! `THROUGHPUT_RUNTIME=current`, a single-threaded one), as `CONCURRENCY` tasks each sending one
//! request after another. With `BODY_FILE`, it writes the
//! exact body for wrk to post too. Credentials are fixed (`lampid=1&project=1&key=bench-key`):
//! the server replies the same bytes whatever they are.
//!
//! Besides requests per second, it prints the CPU time (user + system) the process spent per
//! request, read from `/proc/self/stat`: on a machine shared with other work, that figure moves
//! much less than wall-clock throughput.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use lamplight::{
    Client, Credentials, LamplightOption, LamplightRecord, ProfileRef, Record, RetryPolicy,
    WorkareaId,
};

#[derive(LamplightOption, serde::Serialize, Clone, Copy)]
enum HeardVia {
    #[lamplight(rename = "Word of mouth")]
    #[serde(rename = "Word of mouth")]
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

/// The referral as a plain reqwest user would declare it, with the wire names spelled out.
#[derive(serde::Serialize)]
struct Twin {
    attendee: u64,
    referral_reason: String,
    workareaid: u64,
    #[serde(rename = "How_did_you_hear")]
    heard_via: HeardVia,
    school_year: u8,
}

/// What a plain reqwest user would decode a write reply into: the new record's id.
#[derive(serde::Deserialize)]
struct Reply {
    data: ReplyData,
}

#[derive(serde::Deserialize)]
struct ReplyData {
    id: u64,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

const QUERY: &str = "lampid=1&project=1&key=bench-key";

#[derive(Clone, Copy, PartialEq)]
enum Sender {
    Lamplight,
    Reqwest,
    ReqwestBody,
    Hyper,
    ReqwestTimeout,
}

fn main() -> Result<(), BoxError> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let [sender, url, concurrency, seconds, rest @ ..] = args.as_slice() else {
        println!(
            "usage: throughput lamplight|reqwest|reqwest-timeout|reqwest-body|hyper URL CONCURRENCY SECONDS [BODY_FILE]"
        );
        return Ok(());
    };
    let kind = match sender.as_str() {
        "lamplight" => Sender::Lamplight,
        "reqwest" => Sender::Reqwest,
        "reqwest-body" => Sender::ReqwestBody,
        "hyper" => Sender::Hyper,
        "reqwest-timeout" => Sender::ReqwestTimeout,
        other => return Err(format!("unknown sender {other}").into()),
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
    let twin = Arc::new(Twin {
        attendee: 653,
        referral_reason: referral.reason.clone(),
        workareaid: 1,
        heard_via: HeardVia::WordOfMouth,
        school_year: 10,
    });
    let body = referral.to_form()?.to_body();
    // The senders are only comparable if they post the same bytes.
    if serde_urlencoded::to_string(&*twin)? != body {
        return Err("the serde twin does not encode to the derived referral's body".into());
    }
    if let Some(path) = rest.first() {
        std::fs::write(path, &body)?;
    }
    // THROUGHPUT_RUNTIME=current runs every sender on one thread, to show what the runtime's
    // flavour costs; by default, the multi-threaded runtime with a worker per core.
    let runtime = match std::env::var("THROUGHPUT_RUNTIME").as_deref() {
        Ok("current") => tokio::runtime::Builder::new_current_thread(),
        _ => tokio::runtime::Builder::new_multi_thread(),
    }
    .enable_all()
    .build()?;
    let (sent, failed) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let lamplight = Client::builder()
        .credentials(Credentials::new(1, 1, "bench-key"))
        .base_url(url)
        .retry(RetryPolicy::none())
        .build()?;
    let plain = reqwest::Client::new();
    let endpoint = format!("{url}referral/add/format/json?{QUERY}");
    // reqwest sets TCP_NODELAY; hyper's connector does not unless asked.
    let mut connector = hyper_util::client::legacy::connect::HttpConnector::new();
    connector.set_nodelay(true);
    let hyper = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build(connector);
    let uri: axum::http::Uri = endpoint.parse()?;
    let body = bytes::Bytes::from(body);
    let cpu_before = cpu_seconds()?;
    let started = Instant::now();
    runtime.block_on(async {
        let workers: Vec<_> = (0..concurrency)
            .map(|_| {
                let (lamplight, referral) = (lamplight.clone(), Arc::clone(&referral));
                let (plain, endpoint, body) = (plain.clone(), endpoint.clone(), body.clone());
                let twin = Arc::clone(&twin);
                let (hyper, uri) = (hyper.clone(), uri.clone());
                let (sent, failed) = (Arc::clone(&sent), Arc::clone(&failed));
                tokio::spawn(async move {
                    while started.elapsed() < duration {
                        let ok = match kind {
                            Sender::Lamplight => lamplight.create(&*referral).await.is_ok(),
                            Sender::Reqwest => {
                                post_plain(plain.post(&endpoint).form(&*twin)).await.is_ok()
                            }
                            Sender::ReqwestBody => post_plain(
                                plain
                                    .post(&endpoint)
                                    .header("content-type", "application/x-www-form-urlencoded")
                                    .body(body.clone()),
                            )
                            .await
                            .is_ok(),
                            Sender::ReqwestTimeout => post_plain(
                                plain
                                    .post(&endpoint)
                                    .form(&*twin)
                                    .timeout(Duration::from_secs(30)),
                            )
                            .await
                            .is_ok(),
                            Sender::Hyper => post_hyper(&hyper, &uri, &twin).await.is_ok(),
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
    let cpu = cpu_seconds()? - cpu_before;
    let (sent, failed) = (sent.load(Ordering::Relaxed), failed.load(Ordering::Relaxed));
    println!(
        "{sender}: {sent} requests ({failed} failed) in {elapsed:.1} s at concurrency {concurrency}: {:.0} requests/s, {:.2} cpu_us/request",
        sent as f64 / elapsed,
        cpu * 1e6 / sent.max(1) as f64,
    );
    Ok(())
}

async fn post_plain(request: reqwest::RequestBuilder) -> Result<u64, BoxError> {
    let reply = request.send().await?.error_for_status()?.bytes().await?;
    Ok(serde_json::from_slice::<Reply>(&reply)?.data.id)
}

async fn post_hyper(
    client: &hyper_util::client::legacy::Client<
        hyper_util::client::legacy::connect::HttpConnector,
        String,
    >,
    uri: &axum::http::Uri,
    twin: &Twin,
) -> Result<u64, BoxError> {
    use axum::http::{Request, header};
    let request = Request::post(uri.clone())
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(serde_urlencoded::to_string(twin)?)?;
    let response = client.request(request).await?;
    if !response.status().is_success() {
        return Err(format!("HTTP {}", response.status()).into());
    }
    let body = axum::body::Body::new(response.into_body());
    let reply = axum::body::to_bytes(body, 16 << 20).await?;
    Ok(serde_json::from_slice::<Reply>(&reply)?.data.id)
}

/// User plus system CPU time of this process so far, from `/proc/self/stat`, whose times are in
/// clock ticks of 1/100 s on Linux.
fn cpu_seconds() -> Result<f64, BoxError> {
    let stat = std::fs::read_to_string("/proc/self/stat")?;
    // The command name may hold spaces; the fields after it are plain numbers.
    let after_name = stat.rsplit_once(')').ok_or("unreadable /proc/self/stat")?.1;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |index: usize| -> Result<f64, BoxError> {
        Ok(fields
            .get(index)
            .ok_or("short /proc/self/stat")?
            .parse::<f64>()?)
    };
    // utime and stime are the 14th and 15th fields; the slice starts at the 3rd.
    Ok((ticks(11)? + ticks(12)?) / 100.0)
}
