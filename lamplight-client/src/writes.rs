//! Writes: creating and updating records, attendances, relationships and group memberships.
//!
//! Every write follows one convention: it takes the thing to write by reference, encodes it at
//! the call (an [`EncodeError`] means nothing was sent), and returns a [`Pending`] future of
//! what the server says it did, checked as strictly as the reference PHP client checks it.

use std::pin::Pin;

use lamplight_core::response::{Acknowledged, AttendOutcome, Created, Updated, WriteRefused};
use lamplight_core::{
    Attendance, Create, EncodeError, EncodeErrorKind, ErrorCode, Form, GroupMembership, ProfileId,
    RecordId, Relationship, Update,
};
use serde_json::Value;

use crate::{Client, Error};

/// The future of a write: the request is encoded when the method is called, so the future
/// holds only the request.
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
    /// client. A reply whose `data` says `"attend": false`, or carries an `error` or a `msg`, is
    /// an [`Error::Api`] with its code, not a success.
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
        let endpoint = record.endpoint();
        let kind = record.kind();
        let prepared = record.to_form();
        Box::pin(async move {
            let form = prepared?;
            let reply = self.write(endpoint, &form).await?;
            Created::from_reply(kind, &reply).map_err(|refused| self.refused(refused, &reply))
        })
    }

    /// Updates the profile `id` with the fields `record` sends; fields it does not send are
    /// left as they are. Only profiles can be updated: a referral does not compile here (and a
    /// [`DynamicRecord`](crate::DynamicRecord) whose kind, chosen at run time, is a referral is
    /// refused with an [`EncodeError`]).
    ///
    /// ```no_run
    /// use lamplight_client::{Client, DynamicRecord, ProfileId, Role};
    ///
    /// # async fn run(client: Client) -> Result<(), lamplight_client::Error> {
    /// let change = DynamicRecord::person(Role::User).set("mobile", "07700 900123");
    /// let updated = client.update(ProfileId(653), &change).await?;
    /// assert_eq!(updated.id, ProfileId(653));
    /// # Ok(())
    /// # }
    /// ```
    pub fn update<R: Update>(&self, id: impl Into<ProfileId>, record: &R) -> Pending<'_, Updated> {
        let id = id.into();
        let kind = record.kind();
        let prepared = kind
            .update_endpoint()
            .ok_or_else(|| {
                EncodeError::new(
                    "id",
                    "id",
                    EncodeErrorKind::Invalid {
                        reason: format!(
                            "a {kind} cannot be updated: Lamplight only updates profiles"
                        ),
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
            let reply = match self.write(endpoint, &form).await {
                Ok(reply) => reply,
                // The profile being updated is the one that was partly saved.
                Err(Error::Api { code, message, .. })
                    if code == ErrorCode::CustomFieldsNotSaved =>
                {
                    return Err(Error::PartlySaved {
                        id: RecordId(id.0),
                        code,
                        message,
                    });
                }
                Err(error) => return Err(error),
            };
            Updated::from_reply(kind, id, &reply).map_err(|refused| {
                match self.refused(refused, &reply) {
                    Error::PartlySaved { code, message, .. } => Error::PartlySaved {
                        id: RecordId(id.0),
                        code,
                        message,
                    },
                    other => other,
                }
            })
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
    pub fn attend(&self, attendance: &Attendance) -> Pending<'_, AttendOutcome> {
        let prepared = attendance
            .to_form()
            .map(|form| (form, attendance.work_ids().to_vec()));
        Box::pin(async move {
            let (form, work_ids) = prepared?;
            let reply = self.write(Attendance::ENDPOINT, &form).await?;
            let data = reply.get("data").cloned().unwrap_or(Value::Null);
            AttendOutcome::from_data(&work_ids, data).map_err(|err| Error::Decode {
                message: self.redact(&err.to_string()),
                excerpt: self.excerpt_text(&reply.to_string()),
            })
        })
    }

    /// Relates two profiles (`people/relationship`). The server must confirm with
    /// `Relationship created`; any other reply is an [`Error::Api`] (1072 unless the server
    /// gave a code).
    ///
    /// ```no_run
    /// use lamplight_client::{Client, Relationship, Role};
    ///
    /// # async fn run(client: Client) -> Result<(), lamplight_client::Error> {
    /// let ack = client.relate(&Relationship::new(658, 661, 5, Role::User)).await?;
    /// println!("{}", ack.message);
    /// # Ok(())
    /// # }
    /// ```
    pub fn relate(&self, relationship: &Relationship) -> Pending<'_, Acknowledged> {
        let prepared = relationship.to_form();
        Box::pin(async move {
            let reply = self.write(Relationship::ENDPOINT, &prepared?).await?;
            Acknowledged::relationship(&reply).map_err(|refused| self.refused(refused, &reply))
        })
    }

    /// Adds a profile to a manual group or waiting list (`people/group`). The server must
    /// confirm with `Added to group`; any other reply is an [`Error::Api`] (1084 unless the
    /// server gave a code).
    ///
    /// ```no_run
    /// use lamplight_client::{Client, GroupMembership, Role};
    ///
    /// # async fn run(client: Client) -> Result<(), lamplight_client::Error> {
    /// client.add_to_group(&GroupMembership::new(934, 123, Role::User).notes("From the web form")).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn add_to_group(&self, membership: &GroupMembership) -> Pending<'_, Acknowledged> {
        let prepared = membership.to_form();
        Box::pin(async move {
            let reply = self.write(GroupMembership::ENDPOINT, &prepared?).await?;
            Acknowledged::group(&reply).map_err(|refused| self.refused(refused, &reply))
        })
    }

    /// POSTs `form` to any `what/how` endpoint and decodes the whole reply as `T`: the escape
    /// hatch for what this crate does not model, as the PHP client's `setParameterPost`. It
    /// goes out with the same credentials, retry rule (only when the request never left),
    /// redaction and typed errors as every other write; an error reply is an [`Error::Api`].
    ///
    /// ```no_run
    /// use lamplight_client::{Client, Form};
    /// use lamplight_client::response::Created;
    ///
    /// # async fn run(client: Client) -> Result<(), lamplight_client::Error> {
    /// let mut form = Form::new();
    /// form.push("attendee", "653")?;
    /// form.push("Campaign_code", "SPRING-24")?;
    /// let created: Created = client.post("referral/add", &form).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn post<T: serde::de::DeserializeOwned>(
        &self,
        endpoint: &str,
        form: &Form,
    ) -> Pending<'_, T> {
        let checked = crate::client::check_endpoint(endpoint).map(str::to_owned);
        let form = form.clone();
        Box::pin(async move {
            let endpoint = checked?;
            let reply = self.write(&endpoint, &form).await?;
            crate::transport::decode(self, &reply)
        })
    }

    /// The error for a write reply that says the write failed.
    fn refused(&self, refused: WriteRefused, reply: &Value) -> Error {
        let message = self.redact(&refused.message);
        match refused {
            WriteRefused {
                malformed: true, ..
            } => Error::Decode {
                message,
                excerpt: self.excerpt_text(&reply.to_string()),
            },
            WriteRefused {
                saved: Some(id),
                code,
                ..
            } => Error::PartlySaved { id, code, message },
            WriteRefused { code, .. } => Error::Api {
                code,
                message,
                // Refusals inside a reply come with a success status; an error status was
                // already reported as such.
                status: 200,
            },
        }
    }
}
