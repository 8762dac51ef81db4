//! One CSV row as a record of the import's kind: a [`DynamicRecord`] whose kind is chosen at
//! run time from the map's target.

use lamplight_client::dynamic::AnyKind;
use lamplight_client::{DynamicRecord, RecordKind};

use super::map::Target;

/// A record of whichever kind an import creates.
pub type AnyRecord = DynamicRecord<AnyKind>;

impl Target {
    /// An empty record of this target's kind and role.
    pub fn new_record(self) -> AnyRecord {
        match self {
            Target::Referral => DynamicRecord::of_kind(RecordKind::Referral, None),
            Target::Profile(kind, role) => DynamicRecord::of_kind(kind, Some(role)),
        }
    }
}
