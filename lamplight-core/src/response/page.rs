//! One page of a list reply.

use std::marker::PhantomData;

use serde::de::{DeserializeOwned, DeserializeSeed};
use serde::{Deserialize, Deserializer, Serialize};

use super::GeoPoint;
use super::envelope::read_envelope;
use super::lenient::ListVisitor;

/// One page of records, and how many match in all.
///
/// Decodes a whole list reply, whether `data` is an array, a single object, or `""` for none.
///
/// ```
/// use lamplight_core::response::{Page, ProfileSummary};
///
/// let page: Page<ProfileSummary> = serde_json::from_str(r#"{"data": "", "meta": ""}"#)?;
/// assert!(page.records.is_empty());
/// assert_eq!(page.total, None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    /// The records on this page, in the server's order.
    pub records: Vec<T>,
    /// How many records match in all, when the server says (`meta.totalRecords`).
    pub total: Option<u64>,
    /// Where a `near` search was centred, when it was one.
    pub centre: Option<GeoPoint>,
}

impl<T> Page<T> {
    /// How many records this page holds.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether this page holds no records.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.records.into_iter()
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (records, meta) = read_envelope(deserializer, Records::<T>(PhantomData))?;
        Ok(Page {
            records: records.unwrap_or_default(),
            total: meta.total_records,
            centre: meta.geosearch_centre,
        })
    }
}

/// `data` as a list of records in any shape the server sends it.
struct Records<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Records<T> {
    type Value = Vec<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_any(ListVisitor(PhantomData))
    }
}
