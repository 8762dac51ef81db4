//! The writes that are not records of the organisation's own schema: attendances,
//! relationships and group memberships.

use std::borrow::Cow;

use time::PrimitiveDateTime;

use crate::{
    EncodeError, EncodeErrorKind, FieldValue, FieldWriter, Form, ProfileId, ProfileRef, Role,
    WorkId,
};

fn write<T: FieldValue + ?Sized>(
    form: &mut Form,
    name: &'static str,
    value: &T,
) -> Result<(), EncodeError> {
    let mut out = FieldWriter::new(form, name, Cow::Borrowed(name), Cow::Borrowed(name));
    value.write(&mut out)?;
    out.finish(T::REQUIRED)
}

/// Adds an attendee to one or more work records (`work/attend`).
///
/// ```
/// use lamplight_core::{Attendance, ProfileRef};
///
/// let attendance = Attendance::new([30936, 30937], ProfileRef::id(653)).notes("Came with mum");
/// let form = attendance.to_form()?;
/// assert_eq!(form.to_string(), "id=30936%2C30937&attendee=653&attendee_notes=Came+with+mum");
/// # Ok::<(), lamplight_core::EncodeError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendance {
    work_ids: Vec<WorkId>,
    attendee: ProfileRef,
    notes: Option<String>,
}

impl Attendance {
    /// The endpoint attendances are POSTed to.
    pub const ENDPOINT: &'static str = "work/attend";

    /// `attendee` (an existing profile, by id or email) attends each of `work_ids`.
    pub fn new<I>(work_ids: I, attendee: impl Into<ProfileRef>) -> Self
    where
        I: IntoIterator,
        I::Item: Into<WorkId>,
    {
        Attendance {
            work_ids: work_ids.into_iter().map(Into::into).collect(),
            attendee: attendee.into(),
            notes: None,
        }
    }

    /// Notes about the attendee's attendance (`attendee_notes`).
    pub fn notes(mut self, notes: impl Into<String>) -> Self {
        self.notes = Some(notes.into());
        self
    }

    /// The work records, in order.
    pub fn work_ids(&self) -> &[WorkId] {
        &self.work_ids
    }

    /// The attendee.
    pub fn attendee(&self) -> &ProfileRef {
        &self.attendee
    }

    /// The parameters that will be POSTed. Fails when there is no work record, or for HTML in
    /// the notes.
    pub fn to_form(&self) -> Result<Form, EncodeError> {
        if self.work_ids.is_empty() {
            return Err(EncodeError::new(
                "id",
                "id",
                EncodeErrorKind::Invalid {
                    reason: "names no work record; give at least one work record id".to_owned(),
                },
            ));
        }
        let ids = self
            .work_ids
            .iter()
            .map(WorkId::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let mut form = Form::with_capacity(3);
        write(&mut form, "id", &ids)?;
        write(&mut form, "attendee", &self.attendee)?;
        write(&mut form, "attendee_notes", &self.notes)?;
        Ok(form)
    }
}

/// Relates two profiles (`people/relationship`), with a relationship type defined by the system
/// administrator.
///
/// ```
/// use lamplight_core::{Relationship, Role};
///
/// let form = Relationship::new(658, 661, 5, Role::User).to_form()?;
/// assert_eq!(form.to_string(), "id=658&related_profile_id=661&relationship_id=5&role=user");
/// # Ok::<(), lamplight_core::EncodeError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    profile_id: ProfileId,
    related_profile_id: ProfileId,
    relationship_id: u64,
    role: Role,
}

impl Relationship {
    /// The endpoint relationships are POSTed to.
    pub const ENDPOINT: &'static str = "people/relationship";

    /// Relates `profile_id` (a person with `role`) to `related_profile_id`, with the relationship
    /// type `relationship_id`.
    pub fn new(
        profile_id: impl Into<ProfileId>,
        related_profile_id: impl Into<ProfileId>,
        relationship_id: u64,
        role: Role,
    ) -> Self {
        Relationship {
            profile_id: profile_id.into(),
            related_profile_id: related_profile_id.into(),
            relationship_id,
            role,
        }
    }

    /// The parameters that will be POSTed.
    pub fn to_form(&self) -> Result<Form, EncodeError> {
        let mut form = Form::with_capacity(4);
        write(&mut form, "id", &self.profile_id)?;
        write(&mut form, "related_profile_id", &self.related_profile_id)?;
        write(&mut form, "relationship_id", &self.relationship_id)?;
        write(&mut form, "role", &self.role)?;
        Ok(form)
    }
}

/// Adds a profile to a manual group or waiting list (`people/group`).
///
/// The member is named by profile id, or by email address: Lamplight matches either, and
/// refuses the request when nothing matches (1085) or several profiles share the email (1086).
///
/// ```
/// use lamplight_core::{GroupMembership, Role};
/// use time::macros::datetime;
///
/// let membership = GroupMembership::new(934, 123, Role::User)
///     .date_joined(datetime!(2024-03-01 09:30))
///     .notes("Waiting for a place");
/// assert_eq!(
///     membership.to_form()?.to_string(),
///     "id=934&group_id=123&role=user&date_joined=2024-03-01+09%3A30%3A00&notes=Waiting+for+a+place"
/// );
/// # Ok::<(), lamplight_core::EncodeError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupMembership {
    member: ProfileRef,
    group_id: u64,
    role: Role,
    date_joined: Option<PrimitiveDateTime>,
    notes: Option<String>,
}

impl GroupMembership {
    /// The endpoint group memberships are POSTed to.
    pub const ENDPOINT: &'static str = "people/group";

    /// Adds `member` (a profile with `role`, by id or email) to the group or waiting list
    /// `group_id`.
    pub fn new(member: impl Into<ProfileRef>, group_id: u64, role: Role) -> Self {
        GroupMembership {
            member: member.into(),
            group_id,
            role,
            date_joined: None,
            notes: None,
        }
    }

    /// When the profile joined (sent as `YYYY-MM-DD HH:MM:SS`); the server uses now otherwise.
    pub fn date_joined(mut self, date_joined: PrimitiveDateTime) -> Self {
        self.date_joined = Some(date_joined);
        self
    }

    /// Notes about the membership.
    pub fn notes(mut self, notes: impl Into<String>) -> Self {
        self.notes = Some(notes.into());
        self
    }

    /// The profile to add.
    pub fn member(&self) -> &ProfileRef {
        &self.member
    }

    /// The parameters that will be POSTed. Fails for HTML in the notes.
    pub fn to_form(&self) -> Result<Form, EncodeError> {
        let mut form = Form::with_capacity(5);
        write(&mut form, "id", &self.member)?;
        write(&mut form, "group_id", &self.group_id)?;
        write(&mut form, "role", &self.role)?;
        write(&mut form, "date_joined", &self.date_joined)?;
        write(&mut form, "notes", &self.notes)?;
        Ok(form)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attendance_needs_a_work_record_and_no_html() {
        let err = Attendance::new(Vec::<WorkId>::new(), 653)
            .to_form()
            .unwrap_err();
        assert_eq!(err.field(), "id");
        let err = Attendance::new([1], 653)
            .notes("<script>x</script>")
            .to_form()
            .unwrap_err();
        assert_eq!(err.field(), "attendee_notes");
        let by_email = Attendance::new([1], ProfileRef::email("sam@example.org").unwrap());
        assert_eq!(
            by_email.to_form().unwrap().get("attendee"),
            Some("sam@example.org")
        );
    }

    #[test]
    fn group_notes_are_checked() {
        let err = GroupMembership::new(1, 2, Role::Contact)
            .notes("<b>x</b>")
            .to_form()
            .unwrap_err();
        assert_eq!(err.field(), "notes");
        let plain = GroupMembership::new(1, 2, Role::Contact).to_form().unwrap();
        assert_eq!(plain.to_string(), "id=1&group_id=2&role=contact");
        let by_id = GroupMembership::new(ProfileId(1), 2, Role::Contact);
        assert_eq!(by_id.to_form().unwrap(), plain);
        let by_email = GroupMembership::new(
            ProfileRef::email("sam@example.org").unwrap(),
            2,
            Role::Contact,
        );
        assert_eq!(
            by_email.to_form().unwrap().get("id"),
            Some("sam@example.org")
        );
    }
}
