//! Writes: creating and updating records, attendances, relationships and group memberships.

use std::pin::Pin;

use lamplight_core::response::{AttendOutcome, Created};
use lamplight_core::{
    Attendance, Create, EncodeError, EncodeErrorKind, ErrorCode, GroupMembership, ProfileId,
    Relationship, Update,
};

use crate::transport::decode;
use crate::{Client, Error};

/// The future of a [`Client::create`] or [`Client::update`]: the record is encoded when the
/// method is called, so the future holds only the request.
///
/// It is boxed, and does not name the record's type, so that a record the method cannot take
/// is reported once, at the call, rather than again at every use of the future.
pub type Pending<'a, T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>;

impl Client {
    /// Creates `record`: a referral (`referral/add`) or a profile (`people/add`, `orgs/add`,
    /// `family/add`), returning the new record's id.
    ///
    /// The record is encoded first; an [`EncodeError`] means nothing was sent. The request is
    /// retried only if it never reached the server, so a record is never stored twice by the
    /// client.
    ///
    /// ```no_run
    /// use lamplight_client::{Client, DynamicRecord, ProfileRef};
    ///
    /// # async fn run(client: Client) -> Result<(), lamplight_client::Error> {
    /// let referral = DynamicRecord::referral()
    ///     .set("attendee", ProfileRef::id(653))
    ///     .set("reason", "Needs support with school")
    ///     .set("How did you hear", "Website");
    /// let created = client.create(&referral).await?;
    /// println!("referral {}", created.id);
    /// # Ok(())
    /// # }
    /// ```
    pub fn create<R: Create>(&self, record: &R) -> Pending<'_, Created> {
        let prepared = record.to_form().map(|form| (record.endpoint(), form));
        Box::pin(async move {
            let (endpoint, form) = prepared?;
            let reply = self.write(endpoint, &form).await?;
            decode(self, &reply)
        })
    }

    /// Updates the profile `id` with the fields `record` sends; fields it does not send are
    /// left as they are. Only profiles can be updated: a referral does not compile here.
    ///
    /// ```no_run
    /// use lamplight_client::{Client, DynamicRecord, ProfileId, Role};
    ///
    /// # async fn run(client: Client) -> Result<(), lamplight_client::Error> {
    /// let change = DynamicRecord::person(Role::User).set("mobile", "07700 900123");
    /// client.update(ProfileId(653), &change).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn update<R: Update>(&self, id: ProfileId, record: &R) -> Pending<'_, ()> {
        let prepared = R::KIND
            .update_endpoint()
            .ok_or_else(|| {
                EncodeError::new(
                    "id",
                    "id",
                    EncodeErrorKind::Invalid {
                        reason: format!("a {} cannot be updated", R::KIND),
                    },
                )
            })
            .and_then(|endpoint| {
                let mut form = record.to_form()?;
                form.remove("id");
                form.push("id", id.to_string())?;
                Ok((endpoint, form))
            });
        Box::pin(async move {
            let (endpoint, form) = prepared?;
            match self.write(endpoint, &form).await {
                Ok(_) => Ok(()),
                // The profile being updated is the one that was partly saved.
                Err(Error::Api { code, message, .. })
                    if code == ErrorCode::CustomFieldsNotSaved =>
                {
                    Err(Error::PartlySaved {
                        id: id.0,
                        code,
                        message,
                    })
                }
                Err(error) => Err(error),
            }
        })
    }

    /// Adds an attendee to one or more work records (`work/attend`).
    ///
    /// Partial success is normal, so it is data, not an error: the outcome holds one result per
    /// work record, each saying whether the attendee was added and, if not, why. A request that
    /// fails as a whole (no valid work record, an unknown attendee, ...) is an [`Error::Api`].
    ///
    /// ```no_run
    /// use lamplight_client::{Attendance, Client, ProfileRef};
    ///
    /// # async fn run(client: Client) -> Result<(), lamplight_client::Error> {
    /// let outcome = client.attend(&Attendance::new([30936, 30937], ProfileRef::id(653))).await?;
    /// for refused in outcome.refused() {
    ///     println!("not added to {}: {:?}", refused.work_id, refused.error);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn attend(&self, attendance: &Attendance) -> Result<AttendOutcome, Error> {
        let form = attendance.to_form()?;
        let reply = self.write(Attendance::ENDPOINT, &form).await?;
        let data = reply
            .get("data")
            .cloned()
            .unwrap_or(serde_json::Value::Null);
        AttendOutcome::from_data(attendance.work_ids(), data).map_err(|err| Error::Decode {
            message: self.redact(&err.to_string()),
            excerpt: self.excerpt_text(&reply.to_string()),
        })
    }

    /// Relates two profiles (`people/relationship`).
    ///
    /// ```no_run
    /// use lamplight_client::{Client, Relationship, Role};
    ///
    /// # async fn run(client: Client) -> Result<(), lamplight_client::Error> {
    /// client.relate(&Relationship::new(658, 661, 5, Role::User)).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn relate(&self, relationship: &Relationship) -> Result<(), Error> {
        let form = relationship.to_form()?;
        self.write(Relationship::ENDPOINT, &form).await?;
        Ok(())
    }

    /// Adds a profile to a manual group or waiting list (`people/group`).
    ///
    /// ```no_run
    /// use lamplight_client::{Client, GroupMembership, Role};
    ///
    /// # async fn run(client: Client) -> Result<(), lamplight_client::Error> {
    /// client.add_to_group(&GroupMembership::new(934, 123, Role::User).notes("From the web form")).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn add_to_group(&self, membership: &GroupMembership) -> Result<(), Error> {
        let form = membership.to_form()?;
        self.write(GroupMembership::ENDPOINT, &form).await?;
        Ok(())
    }
}
