//! Paging through a list endpoint with `num` and `start`.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_util::{StreamExt, TryStreamExt, stream};
use lamplight_core::response::Page;
use serde::de::DeserializeOwned;

use crate::transport::{Params, decode};
use crate::{Client, Error};

/// How many records a stream asks for per page unless told otherwise.
pub(crate) const DEFAULT_PAGE_SIZE: u64 = 50;

/// The records of a list endpoint, one at a time, fetched a page at a time.
///
/// The stream asks for the next page (`start` moved on by the page's length) until the server's
/// total is reached, or, when the server sends no total, a page comes back short or empty. An
/// error ends it.
///
/// ```no_run
/// use futures_util::TryStreamExt;
/// use lamplight_client::Role;
///
/// # async fn run(client: lamplight_client::Client) -> Result<(), lamplight_client::Error> {
/// let mut people = client.people(Role::Contact).num(100).stream();
/// while let Some(person) = people.try_next().await? {
///     println!("{} {}", person.id, person.name);
/// }
/// # Ok(())
/// # }
/// ```
#[must_use = "a stream does nothing until polled"]
pub struct RecordStream<T> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>,
}

impl<T> fmt::Debug for RecordStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordStream").finish_non_exhaustive()
    }
}

impl<T> Stream for RecordStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

/// Streams `endpoint`'s records from `start`, `page_size` at a time.
pub(crate) fn pages<T>(
    client: Client,
    endpoint: String,
    params: Params,
    start: u64,
    page_size: u64,
) -> RecordStream<T>
where
    T: DeserializeOwned + Send + 'static,
{
    let page_size = page_size.max(1);
    let pages = stream::try_unfold(Some(start), move |next| {
        let client = client.clone();
        let endpoint = endpoint.clone();
        let mut params = params.clone();
        async move {
            let Some(start) = next else {
                return Ok(None);
            };
            params.push(("num".into(), page_size.to_string()));
            params.push(("start".into(), start.to_string()));
            let reply = client.read(&endpoint, params).await?;
            let page: Page<T> = decode(&client, &reply)?;
            let got = page.records.len() as u64;
            let end = start.saturating_add(got);
            // The server's total, when it sends one, decides; a server that caps its pages
            // below `num` then still has every page read. Without a total, a short page is
            // the last.
            let done = got == 0
                || match page.total {
                    Some(total) => end >= total,
                    None => got < page_size,
                };
            let next = (!done).then_some(end);
            Ok::<_, Error>(Some((page.records, next)))
        }
    });
    let records = pages
        .map_ok(|records| stream::iter(records.into_iter().map(Ok)))
        .try_flatten();
    RecordStream {
        inner: records.boxed(),
    }
}

impl<T: Send + 'static> RecordStream<T> {
    /// A stream that yields `error` and ends.
    pub(crate) fn failed(error: Error) -> Self {
        RecordStream {
            inner: stream::once(async move { Err(error) }).boxed(),
        }
    }
}
