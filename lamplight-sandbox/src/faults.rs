//! Fault injection: make requests fail the way networks, proxies and servers do. The fault
//! layer ([`inject`]) is also where a request's processing is made to outlive its connection.

use std::collections::VecDeque;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::{FutureExt, StreamExt};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::http::json_response;
use crate::log::LogHandle;
use crate::reply::Reply;
use crate::server::ConnectionControl;
use crate::state::{AppState, lock};

/// A fault to inject into a request instead of (or around) its normal handling.
///
/// Each fault says whether the request is **processed** (a write is stored) or not, so a test
/// can tell "the server never saw it" from "the server stored it but the reply was lost":
///
/// | fault | processed? | what the client sees |
/// |---|---|---|
/// | [`Fault::Status`] | no | that HTTP status with a JSON error body, and `Retry-After` if set |
/// | [`Fault::HtmlBody`] | no | that status (200 by default) with an HTML page as the body |
/// | [`Fault::DropConnection`] | no | the TCP connection closed without any response |
/// | [`Fault::Delay`] | **yes**, after the delay | the normal reply, late |
/// | [`Fault::DropAfterProcessing`] | **yes** | the connection closed without any response |
/// | [`Fault::TruncatedBody`] | **yes** | the normal status and headers, then half the body and a closed connection |
///
/// Faults apply to `/api/` requests only, before the credentials are checked: they stand for
/// the network and the machinery in front of Lamplight.
///
/// ```
/// use std::time::Duration;
/// use lamplight_sandbox::Fault;
///
/// let busy = Fault::status(503).with_retry_after(1);
/// assert_eq!(busy, Fault::Status { status: 503, retry_after: Some(1) });
/// assert!(!busy.processes_request());
/// assert!(Fault::DropAfterProcessing.processes_request());
/// assert!(Fault::delay(Duration::from_millis(5)).processes_request());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Reply with this HTTP status and a JSON error body, without processing the request.
    Status {
        /// The HTTP status, e.g. 429 or 503.
        status: u16,
        /// A `Retry-After` header, in seconds.
        retry_after: Option<u64>,
    },
    /// Wait this long, then process the request and reply normally. A client that times out
    /// meanwhile has still had its write stored.
    Delay(Duration),
    /// Close the connection without a response, without processing the request.
    DropConnection,
    /// Process the request (store the write), then close the connection without a response.
    DropAfterProcessing,
    /// Process the request, then send the headers (with the full `Content-Length`) and only the
    /// first half of the body before closing the connection.
    TruncatedBody,
    /// Reply with an HTML page instead of JSON, without processing the request.
    HtmlBody {
        /// The HTTP status of the page (200 from [`Fault::html_body`]).
        status: u16,
    },
}

impl Fault {
    /// An HTTP status reply; add `Retry-After` with [`Fault::with_retry_after`].
    pub fn status(status: u16) -> Fault {
        Fault::Status {
            status,
            retry_after: None,
        }
    }

    /// A delay before normal processing.
    pub fn delay(delay: Duration) -> Fault {
        Fault::Delay(delay)
    }

    /// An HTML page with status 200; change the status with [`Fault::with_status`].
    pub fn html_body() -> Fault {
        Fault::HtmlBody { status: 200 }
    }

    /// Sets the `Retry-After` seconds of a [`Fault::Status`]; other faults are returned as
    /// they are.
    pub fn with_retry_after(self, seconds: u64) -> Fault {
        match self {
            Fault::Status { status, .. } => Fault::Status {
                status,
                retry_after: Some(seconds),
            },
            other => other,
        }
    }

    /// Sets the HTTP status of a [`Fault::Status`] or [`Fault::HtmlBody`]; other faults are
    /// returned as they are.
    pub fn with_status(self, status: u16) -> Fault {
        match self {
            Fault::Status { retry_after, .. } => Fault::Status {
                status,
                retry_after,
            },
            Fault::HtmlBody { .. } => Fault::HtmlBody { status },
            other => other,
        }
    }

    /// Whether a request that meets this fault is still processed, so that a write is stored.
    pub fn processes_request(&self) -> bool {
        matches!(
            self,
            Fault::Delay(_) | Fault::DropAfterProcessing | Fault::TruncatedBody
        )
    }
}

struct RandomFault {
    fault: Fault,
    rate: f64,
    rng: StdRng,
}

/// The faults waiting for requests: scheduled ones first, in the order injected, then the
/// seeded-random ones.
#[derive(Default)]
pub(crate) struct FaultPlan {
    scheduled: VecDeque<(Fault, usize)>,
    random: Vec<RandomFault>,
}

impl FaultPlan {
    pub(crate) fn schedule(&mut self, fault: Fault, times: usize) {
        if times > 0 {
            self.scheduled.push_back((fault, times));
        }
    }

    pub(crate) fn add_random(&mut self, fault: Fault, rate: f64, seed: u64) {
        let rate = if rate.is_nan() {
            0.0
        } else {
            rate.clamp(0.0, 1.0)
        };
        self.random.push(RandomFault {
            fault,
            rate,
            rng: StdRng::seed_from_u64(seed),
        });
    }

    pub(crate) fn clear(&mut self) {
        self.scheduled.clear();
        self.random.clear();
    }

    /// The fault for the next request, if any. Every random rule draws once per request, so
    /// a rule's sequence depends only on its seed and the number of requests.
    pub(crate) fn next(&mut self) -> Option<Fault> {
        let mut drawn = None;
        for rule in &mut self.random {
            let hit = rule.rng.random::<f64>() < rule.rate;
            if hit && drawn.is_none() {
                drawn = Some(rule.fault.clone());
            }
        }
        if let Some((fault, remaining)) = self.scheduled.front_mut() {
            let fault = fault.clone();
            *remaining -= 1;
            if *remaining == 0 {
                self.scheduled.pop_front();
            }
            return Some(fault);
        }
        drawn
    }
}

/// A request's processing, run in the connection's task, and moved to a task of its own if
/// that task drops it unfinished: when the client hangs up (or times out) after sending its
/// request, the server still stores and logs what it received, as a real server does. Most
/// requests finish where they started, without the cost of a task each.
struct OutlivesConnection<F>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    processing: Option<Pin<Box<F>>>,
}

impl<F> Future for OutlivesConnection<F>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    type Output = Option<F::Output>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let Some(processing) = this.processing.as_mut() else {
            return Poll::Ready(None);
        };
        let output = std::task::ready!(processing.as_mut().poll(cx));
        this.processing = None;
        Poll::Ready(Some(output))
    }
}

impl<F> Drop for OutlivesConnection<F>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    fn drop(&mut self) {
        // Outside a runtime (it is shutting down) there is nothing left to finish on.
        if let Some(processing) = self.processing.take()
            && let Ok(runtime) = tokio::runtime::Handle::try_current()
        {
            drop(runtime.spawn(processing));
        }
    }
}

/// The fault layer: draws the request's fault and acts it out.
///
/// Processing outlives the connection ([`OutlivesConnection`]), so that a client that hangs
/// up (or times out) after sending its request does not cancel a write the server has
/// received, as with a real server; the processing logs the request. The faults that drop or
/// cut a reply act after it.
pub(crate) async fn inject(
    app: Arc<AppState>,
    request: Request,
    control: Option<ConnectionControl>,
    log: Option<LogHandle>,
) -> Response {
    let fault = lock(&app.faults).next();
    if let (Some(log), Some(fault)) = (&log, &fault) {
        log.note(|entry| entry.fault = Some(fault.clone()));
    }
    let delay = match fault {
        Some(Fault::Status {
            status,
            retry_after,
        }) => return status_reply(status, retry_after),
        Some(Fault::HtmlBody { status }) => return html_page(fault_status(status)),
        Some(Fault::DropConnection) => return drop_connection(control, log.as_ref()).await,
        Some(Fault::Delay(delay)) => Some(delay),
        _ => None,
    };
    let task_log = log.clone();
    let reply_lost = matches!(fault, Some(Fault::DropAfterProcessing));
    let processing = AssertUnwindSafe(async move {
        if let Some(delay) = delay {
            tokio::time::sleep(delay).await;
        }
        let response = crate::http::process(app, request, task_log.as_ref()).await;
        // Logged here rather than when the reply is returned, so that a request whose client hung up
        // while it was processed is logged too.
        if let Some(log) = task_log {
            log.finish((!reply_lost).then(|| response.status().as_u16()));
        }
        response
    })
    .catch_unwind();
    let processing = OutlivesConnection {
        processing: Some(Box::pin(processing)),
    };
    let response = match processing.await {
        Some(Ok(response)) => response,
        Some(Err(_)) | None => {
            tracing::error!("processing a request panicked");
            json_response(&Reply::http(
                500,
                "The sandbox failed to process the request",
            ))
        }
    };
    match fault {
        Some(Fault::DropAfterProcessing) => drop_connection(control, log.as_ref()).await,
        Some(Fault::TruncatedBody) => truncated(response).await,
        _ => response,
    }
}

fn fault_status(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn status_reply(status: u16, retry_after: Option<u64>) -> Response {
    let status = fault_status(status);
    let reply = Reply::http(
        status.as_u16(),
        format!("Service unavailable (HTTP {status})"),
    );
    let mut response = json_response(&reply);
    if let Some(seconds) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// Closes the connection without a response, once the log has the request. Without a
/// connection to close (the router driven without the sandbox's server) it answers 500
/// rather than pretend.
async fn drop_connection(control: Option<ConnectionControl>, log: Option<&LogHandle>) -> Response {
    match control {
        Some(control) => {
            if let Some(log) = log {
                log.finish(None);
            }
            control.drop_connection();
            std::future::pending().await
        }
        None => json_response(&Reply::http(500, "The connection could not be dropped")),
    }
}

fn html_page(status: StatusCode) -> Response {
    let page = format!(
        "<!DOCTYPE html>\n<html><head><title>{status}</title></head>\
         <body><h1>{status}</h1><p>The server is temporarily unable to service your request.</p>\
         </body></html>\n"
    );
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=UTF-8"),
        )],
        page,
    )
        .into_response()
}

/// The full status, headers and `Content-Length`, then half the body, then a closed
/// connection.
async fn truncated(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let full_length = body.len();
    let half = body.slice(..full_length / 2);
    // The pause lets the server flush the half body before the error closes the connection.
    let rest = futures_util::stream::once(async {
        tokio::time::sleep(Duration::from_millis(10)).await;
        Err::<Bytes, std::io::Error>(std::io::Error::other("body truncated on purpose"))
    });
    let stream = futures_util::stream::iter([Ok(half)]).chain(rest);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(full_length));
    Response::from_parts(parts, Body::from_stream(stream))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheduled_faults_run_out_in_order() {
        let mut plan = FaultPlan::default();
        plan.schedule(Fault::status(503), 2);
        plan.schedule(Fault::DropConnection, 1);
        assert_eq!(plan.next(), Some(Fault::status(503)));
        assert_eq!(plan.next(), Some(Fault::status(503)));
        assert_eq!(plan.next(), Some(Fault::DropConnection));
        assert_eq!(plan.next(), None);
    }

    #[test]
    fn random_faults_repeat_for_a_seed() {
        let run = |seed| {
            let mut plan = FaultPlan::default();
            plan.add_random(Fault::status(500), 0.5, seed);
            (0..64).map(|_| plan.next().is_some()).collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        let hits = run(7).iter().filter(|hit| **hit).count();
        assert!(hits > 10 && hits < 54, "{hits}");
        let mut never = FaultPlan::default();
        never.add_random(Fault::status(500), 0.0, 1);
        assert!((0..100).all(|_| never.next().is_none()));
    }
}
