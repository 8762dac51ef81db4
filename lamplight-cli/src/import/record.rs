//! One CSV row as a record of the import's kind, built with [`DynamicRecord`].

use lamplight_client::dynamic::{Family, Organisation, Person, Referral};
use lamplight_client::{Client, Created, DynamicRecord, EncodeError, Error, Record, RecordKind};

use super::map::Target;
use crate::dates::DateFormat;
use crate::fields::{self, FieldText};

/// A record of any kind an import creates.
pub enum AnyRecord {
    /// A referral.
    Referral(DynamicRecord<Referral>),
    /// A person's profile.
    Person(DynamicRecord<Person>),
    /// An organisation's profile.
    Organisation(DynamicRecord<Organisation>),
    /// A family's profile.
    Family(DynamicRecord<Family>),
}

impl AnyRecord {
    /// An empty record for `target`.
    pub fn new(target: Target) -> AnyRecord {
        match target {
            Target::Referral => AnyRecord::Referral(DynamicRecord::referral()),
            Target::Profile(RecordKind::Organisation, role) => {
                AnyRecord::Organisation(DynamicRecord::organisation(role))
            }
            Target::Profile(RecordKind::Family, role) => {
                AnyRecord::Family(DynamicRecord::family(role))
            }
            Target::Profile(_, role) => AnyRecord::Person(DynamicRecord::person(role)),
        }
    }

    /// Sets a field (see [`fields::apply`]).
    pub fn apply(self, field: &FieldText, dates: &DateFormat) -> Result<AnyRecord, String> {
        Ok(match self {
            AnyRecord::Referral(r) => AnyRecord::Referral(fields::apply(r, field, dates)?),
            AnyRecord::Person(r) => AnyRecord::Person(fields::apply(r, field, dates)?),
            AnyRecord::Organisation(r) => AnyRecord::Organisation(fields::apply(r, field, dates)?),
            AnyRecord::Family(r) => AnyRecord::Family(fields::apply(r, field, dates)?),
        })
    }

    /// Encodes the record without sending it: every naming rule and value check.
    pub fn check(&self) -> Result<(), EncodeError> {
        match self {
            AnyRecord::Referral(r) => r.to_form().map(drop),
            AnyRecord::Person(r) => r.to_form().map(drop),
            AnyRecord::Organisation(r) => r.to_form().map(drop),
            AnyRecord::Family(r) => r.to_form().map(drop),
        }
    }

    /// Creates the record.
    pub async fn create(&self, client: &Client) -> Result<Created, Error> {
        match self {
            AnyRecord::Referral(r) => client.create(r).await,
            AnyRecord::Person(r) => client.create(r).await,
            AnyRecord::Organisation(r) => client.create(r).await,
            AnyRecord::Family(r) => client.create(r).await,
        }
    }
}
