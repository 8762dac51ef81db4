//! Workarea ids, one or several.

use std::fmt;

use super::{FieldValue, FieldWriter};
use crate::{EncodeError, ValueKind};

/// One workarea, or several: sent comma-joined (`workareaid=3,7`).
///
/// ```
/// use lamplight_core::WorkareaId;
///
/// assert_eq!(WorkareaId::one(3).to_string(), "3");
/// assert_eq!(WorkareaId::many([3, 7]).to_string(), "3,7");
/// let from_int: WorkareaId = 12.into();
/// assert_eq!(from_int.ids(), [12]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WorkareaId(Vec<u64>);

impl WorkareaId {
    /// A single workarea.
    pub fn one(id: u64) -> Self {
        WorkareaId(vec![id])
    }

    /// Several workareas, in the given order. An empty list fails to encode.
    pub fn many(ids: impl IntoIterator<Item = u64>) -> Self {
        WorkareaId(ids.into_iter().collect())
    }

    /// The ids, in order.
    pub fn ids(&self) -> &[u64] {
        &self.0
    }
}

impl fmt::Display for WorkareaId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, id) in self.0.iter().enumerate() {
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
        WorkareaId(ids)
    }
}

impl<const N: usize> From<[u64; N]> for WorkareaId {
    fn from(ids: [u64; N]) -> Self {
        WorkareaId::many(ids)
    }
}

impl FieldValue for WorkareaId {
    const KIND: ValueKind = ValueKind::Workarea;
    fn write(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError> {
        if self.0.is_empty() {
            return Err(out.invalid("names no workarea; give at least one workarea id"));
        }
        out.display(self)
    }
}
