//! `work/some`: listing published work records.

use lamplight_core::response::{Page, WorkSummary};
use lamplight_core::{EncodeError, EncodeErrorKind, WorkareaId};
use serde::de::DeserializeOwned;
use time::Date;
use time::macros::format_description;

use super::RecordStream;
use super::listing::{Listing, listing_setters};
use super::paging::pages;
use crate::transport::{Params, decode};
use crate::{Client, Error};

/// A query for published work records; build it with [`Client::work`].
///
/// Every setter is optional. [`send`](Self::send) fetches one page; [`stream`](Self::stream)
/// pages through every match. There is deliberately no way to ask for `work/all`, which
/// Lamplight refuses.
#[derive(Debug, Clone)]
#[must_use = "a query does nothing until sent"]
pub struct WorkQuery {
    client: Client,
    after: Option<Date>,
    before: Option<Date>,
    workarea: Option<WorkareaId>,
    listing: Listing,
}

impl WorkQuery {
    pub(crate) fn new(client: Client) -> Self {
        WorkQuery {
            client,
            after: None,
            before: None,
            workarea: None,
            listing: Listing::default(),
        }
    }

    /// Only records after `date` (`after`).
    pub fn after(mut self, date: Date) -> Self {
        self.after = Some(date);
        self
    }

    /// Only records before `date` (`before`).
    pub fn before(mut self, date: Date) -> Self {
        self.before = Some(date);
        self
    }

    /// Only records in the workarea, or any of the workareas, given (`workarea`).
    pub fn workarea(mut self, workarea: impl Into<WorkareaId>) -> Self {
        self.workarea = Some(workarea.into());
        self
    }

    listing_setters!("records");

    fn filters(&self) -> Result<Params, Error> {
        let mut params = Params::new();
        let date = format_description!("[year]-[month]-[day]");
        for (name, value) in [("after", self.after), ("before", self.before)] {
            if let Some(value) = value {
                // Dropping a filter that cannot be written would widen the query unseen.
                let text = value.format(date).map_err(|err| {
                    Error::Encode(EncodeError::new(
                        name,
                        name,
                        EncodeErrorKind::Invalid {
                            reason: format!("the date cannot be sent as YYYY-MM-DD: {err}"),
                        },
                    ))
                })?;
                params.push((name.into(), text));
            }
        }
        if let Some(workarea) = &self.workarea {
            params.push(("workarea".into(), workarea.to_string()));
        }
        self.listing.push_filters(&mut params)?;
        Ok(params)
    }

    /// Fetches one page.
    pub async fn send(self) -> Result<Page<WorkSummary>, Error> {
        self.send_as().await
    }

    /// Fetches one page, decoding each record as your own type `T`.
    pub async fn send_as<T: DeserializeOwned>(self) -> Result<Page<T>, Error> {
        let mut params = self.filters()?;
        self.listing.push_page(&mut params);
        let reply = self.client.read("work/some", params).await?;
        decode(&self.client, &reply)
    }

    /// Every matching record, fetched `num` at a time (50 unless set), from `start`.
    pub fn stream(self) -> RecordStream<WorkSummary> {
        self.stream_as()
    }

    /// Every matching record, decoded as your own type `T`.
    pub fn stream_as<T: DeserializeOwned + Send + 'static>(self) -> RecordStream<T> {
        match self.filters() {
            Ok(params) => {
                let (start, num) = self.listing.stream_window();
                pages(self.client, "work/some".to_owned(), params, start, num)
            }
            Err(error) => RecordStream::failed(error),
        }
    }
}
