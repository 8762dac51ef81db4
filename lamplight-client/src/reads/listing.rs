//! What every listing query shares: search text, order, and the page asked for.

use lamplight_core::EncodeError;

use super::check_param;
use super::paging::DEFAULT_PAGE_SIZE;
use crate::Error;
use crate::transport::Params;

/// `q`, `order`, `num`, `start` and any extra parameters, as a listing query was given them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Listing {
    pub(crate) search: Option<String>,
    pub(crate) order: Option<String>,
    pub(crate) num: Option<u64>,
    pub(crate) start: Option<u64>,
    pub(crate) extra: Vec<(String, String)>,
    /// The first bad parameter name given, reported when the query is sent.
    pub(crate) error: Option<EncodeError>,
}

impl Listing {
    /// Appends `q`, `order` and the extra parameters: what chooses the records listed.
    pub(crate) fn push_filters(&self, params: &mut Params) -> Result<(), Error> {
        if let Some(error) = &self.error {
            return Err(Error::Encode(error.clone()));
        }
        if let Some(search) = &self.search {
            params.push(("q".into(), search.clone()));
        }
        if let Some(order) = &self.order {
            params.push(("order".into(), order.clone()));
        }
        for (name, value) in &self.extra {
            params.push((name.clone().into(), value.clone()));
        }
        Ok(())
    }

    /// Adds a query parameter exactly as named, or keeps why it cannot be sent.
    pub(crate) fn param(&mut self, name: &str, value: String) {
        match check_param(name) {
            Ok(name) => self.extra.push((name.to_owned(), value)),
            Err(error) => {
                self.error.get_or_insert(error);
            }
        }
    }

    /// Appends `num` and `start`: the page asked for.
    pub(crate) fn push_page(&self, params: &mut Params) {
        if let Some(num) = self.num {
            params.push(("num".into(), num.to_string()));
        }
        if let Some(start) = self.start {
            params.push(("start".into(), start.to_string()));
        }
    }

    /// Where a stream starts, and how many records it fetches a page.
    pub(crate) fn stream_window(&self) -> (u64, u64) {
        (
            self.start.unwrap_or(0),
            self.num.unwrap_or(DEFAULT_PAGE_SIZE),
        )
    }
}

/// The `search`, `order`, `num` and `start` setters of a query with a `listing: Listing` field;
/// `$what` names what it lists, for the docs.
macro_rules! listing_setters {
    ($what:literal) => {
        #[doc = concat!("Only ", $what, " matching the search text (`q`).")]
        pub fn search(mut self, text: impl Into<String>) -> Self {
            self.listing.search = Some(text.into());
            self
        }

        #[doc = concat!("The order to list ", $what, " in (`order`), as Lamplight names it.")]
        pub fn order(mut self, order: impl Into<String>) -> Self {
            self.listing.order = Some(order.into());
            self
        }

        #[doc = concat!("How many ", $what, " per page (`num`).")]
        pub fn num(mut self, num: u64) -> Self {
            self.listing.num = Some(num);
            self
        }

        #[doc = concat!("How many matching ", $what, " to skip (`start`).")]
        pub fn start(mut self, start: u64) -> Self {
            self.listing.start = Some(start);
            self
        }

        #[doc = concat!(
            "Adds the query parameter `name=value` exactly as named: the escape hatch for a \
             filter this crate does not model, as the PHP client's `setParameterGet`. The \
             credential parameters are refused, with an error when the query is sent. Paging \
             through ", $what, " still sets `num` and `start` itself."
        )]
        pub fn param(mut self, name: &str, value: impl Into<String>) -> Self {
            self.listing.param(name, value.into());
            self
        }
    };
}

pub(crate) use listing_setters;
