//! The accept loop: HTTP/1.1 connections served by hyper, each of which a handler can drop
//! without a response, and a graceful shutdown.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

use crate::state::AppState;

/// How long in-flight connections get to finish when the sandbox shuts down.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Lets a request's handler close its own TCP connection without replying.
#[derive(Clone, Default)]
pub(crate) struct ConnectionControl {
    drop: Arc<Notify>,
}

impl ConnectionControl {
    /// Asks the connection's task to close the socket now.
    pub(crate) fn drop_connection(&self) {
        self.drop.notify_one();
    }
}

/// Accepts connections until `shutdown` changes, then lets in-flight ones finish (bounded by
/// [`SHUTDOWN_GRACE`]).
pub(crate) async fn serve(
    listener: TcpListener,
    app: Arc<AppState>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(serve_connection(stream, Arc::clone(&app), shutdown.clone()));
                }
                Err(error) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            _ = shutdown.changed() => break,
        }
    }
    drop(listener);
    let drained = tokio::time::timeout(SHUTDOWN_GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        connections.abort_all();
    }
}

/// Serves one connection: each request goes straight to [`crate::http::handle`], with no
/// router or tower layers between.
async fn serve_connection(
    stream: TcpStream,
    app: Arc<AppState>,
    mut shutdown: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let control = ConnectionControl::default();
    let service = {
        let control = control.clone();
        hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
            let response = crate::http::handle(
                Arc::clone(&app),
                request.map(Body::new),
                Some(control.clone()),
            );
            async move { Ok::<_, Infallible>(response.await) }
        })
    };
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(30))
        .serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    let mut closing = false;
    loop {
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(error) = result {
                    tracing::debug!(%error, "connection ended with an error");
                }
                return;
            }
            // Dropping the connection future closes the socket without a response.
            () = control.drop.notified() => return,
            _ = shutdown.changed(), if !closing => {
                closing = true;
                connection.as_mut().graceful_shutdown();
            }
        }
    }
}
