//! Workarea ids, one or several.

use std::fmt;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::{FieldValue, FieldWriter};
use crate::response::lenient::uint_value;
use crate::{EncodeError, ValueKind};

/// One workarea, or several: sent comma-joined (`workareaid=3,7`).
///
/// A workarea read from Lamplight carries one; a filter or a referral may name several.
///
/// ```
/// use lamplight_core::WorkareaId;
///
/// assert_eq!(WorkareaId::one(3).to_string(), "3");
/// assert_eq!(WorkareaId::many([3, 7]).to_string(), "3,7");
/// let from_int: WorkareaId = 12.into();
/// assert_eq!(from_int.ids(), [12]);
/// assert_eq!(serde_json::from_str::<WorkareaId>(r#""3,7""#)?, WorkareaId::many([3, 7]));
/// assert_eq!(serde_json::to_string(&WorkareaId::one(3))?, "3");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WorkareaId(Ids);

/// One id kept inline, as read replies carry it, so a page of records allocates nothing for it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Ids {
    One([u64; 1]),
    Many(Vec<u64>),
}

impl WorkareaId {
    /// A single workarea.
    pub const fn one(id: u64) -> Self {
        WorkareaId(Ids::One([id]))
    }

    /// Several workareas, in the given order. An empty list fails to encode.
    pub fn many(ids: impl IntoIterator<Item = u64>) -> Self {
        let ids: Vec<u64> = ids.into_iter().collect();
        match ids.as_slice() {
            [one] => WorkareaId::one(*one),
            _ => WorkareaId(Ids::Many(ids)),
        }
    }

    /// The ids, in order.
    pub fn ids(&self) -> &[u64] {
        match &self.0 {
            Ids::One(one) => one,
            Ids::Many(ids) => ids,
        }
    }

    /// The id, when this names exactly one workarea.
    pub fn single(&self) -> Option<u64> {
        match self.ids() {
            [one] => Some(*one),
            _ => None,
        }
    }
}

impl fmt::Display for WorkareaId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, id) in self.ids().iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{id}")?;
        }
        Ok(())
    }
}

impl From<u64> for WorkareaId {
    fn from(id: u64) -> Self {
        WorkareaId::one(id)
    }
}

impl From<Vec<u64>> for WorkareaId {
    fn from(ids: Vec<u64>) -> Self {
        WorkareaId::many(ids)
    }
}

impl<const N: usize> From<[u64; N]> for WorkareaId {
    fn from(ids: [u64; N]) -> Self {
        WorkareaId::many(ids)
    }
}

impl PartialEq<u64> for WorkareaId {
    fn eq(&self, other: &u64) -> bool {
        self.single() == Some(*other)
    }
}

impl Serialize for WorkareaId {
    /// One id as a number; several as the comma-joined text Lamplight takes.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.single() {
            Some(id) => serializer.serialize_u64(id),
            None => serializer.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for WorkareaId {
    /// A number, a numeric string, a comma-separated list of ids, or an array of ids.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let ids: Result<Vec<u64>, String> = match &value {
            Value::String(text) if text.contains(',') => text
                .split(',')
                .map(|part| uint_value(&Value::String(part.trim().to_owned())))
                .collect(),
            Value::Array(items) => items.iter().map(uint_value).collect(),
            one => uint_value(one).map(|id| vec![id]),
        };
        match ids {
            Ok(ids) if !ids.is_empty() => Ok(WorkareaId::many(ids)),
            Ok(_) => Err(D::Error::custom("expected a workarea id, found none")),
            Err(reason) => Err(D::Error::custom(reason)),
        }
    }
}

impl FieldValue for WorkareaId {
    const KIND: ValueKind = ValueKind::Workarea;
    fn write(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError> {
        if self.ids().is_empty() {
            return Err(out.invalid("names no workarea; give at least one workarea id"));
        }
        out.display(self)
    }
}
