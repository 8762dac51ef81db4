//! Typed ids: a profile's, a work record's and a created record's ids cannot be mixed up.
//!
//! Each decodes from a JSON number or a numeric string, as the live server sends both.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::response::lenient::uint as lenient_u64;
use crate::{EncodeError, FieldValue, FieldWriter, ValueKind};

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident, $kind:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u64);

        impl $name {
            /// The number Lamplight uses.
            pub const fn get(self) -> u64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<u64> for $name {
            fn from(id: u64) -> Self {
                $name(id)
            }
        }

        impl From<$name> for u64 {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl PartialEq<u64> for $name {
            fn eq(&self, other: &u64) -> bool {
                self.0 == *other
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim().parse().map($name)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_u64(self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                lenient_u64(deserializer).map($name)
            }
        }

        impl FieldValue for $name {
            const KIND: ValueKind = ValueKind::$kind;
            fn write(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError> {
                out.display(self.0)
            }
        }
    };
}

typed_id! {
    /// The id Lamplight gave a profile when it was created.
    ///
    /// ```
    /// use lamplight_core::ProfileId;
    ///
    /// let id = ProfileId(653);
    /// assert_eq!(id.to_string(), "653");
    /// assert_eq!(serde_json::from_str::<ProfileId>(r#""653""#)?, id);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    ProfileId, Profile
}

typed_id! {
    /// The id of a work record: a session, event or other piece of work.
    ///
    /// ```
    /// use lamplight_core::WorkId;
    ///
    /// let id: WorkId = serde_json::from_str(r#""30936""#)?;
    /// assert_eq!(id, WorkId(30936));
    /// assert_eq!(id.to_string(), "30936");
    /// assert_eq!(serde_json::to_string(&id)?, "30936");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    WorkId, Integer
}

typed_id! {
    /// The id of a record Lamplight created: a referral, or a profile.
    ///
    /// A profile's id converts into a [`ProfileId`] (and so into a
    /// [`ProfileRef`](crate::ProfileRef)) with [`RecordId::profile`]; a referral's id names
    /// nothing any endpoint reads.
    ///
    /// ```
    /// use lamplight_core::{ProfileId, RecordId};
    ///
    /// let id: RecordId = serde_json::from_str("653")?;
    /// assert_eq!(id.profile(), ProfileId(653));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    RecordId, Integer
}

impl RecordId {
    /// This id as a profile's, for the reply to a profile's create.
    pub const fn profile(self) -> ProfileId {
        ProfileId(self.0)
    }
}

impl From<RecordId> for ProfileId {
    fn from(id: RecordId) -> Self {
        id.profile()
    }
}

impl From<RecordId> for crate::ProfileRef {
    fn from(id: RecordId) -> Self {
        crate::ProfileRef::Id(id.profile())
    }
}
