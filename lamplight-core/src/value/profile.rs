//! Naming an existing profile: by id or by email.

use std::fmt;

use super::{FieldValue, FieldWriter};
use crate::{EncodeError, ValueKind};

pub use crate::ids::ProfileId;

/// An existing profile, named by its id or by its email address.
///
/// Lamplight never creates a profile on its own: an attendee or referrer must already exist, and
/// an email must match exactly one profile.
///
/// ```
/// use lamplight_core::ProfileRef;
///
/// let by_id = ProfileRef::id(653);
/// let by_email = ProfileRef::email("sam@example.org")?;
/// assert_eq!(by_id.to_string(), "653");
/// assert_eq!(by_email.to_string(), "sam@example.org");
/// assert!(ProfileRef::email("not an email").is_err());
/// # Ok::<(), lamplight_core::InvalidEmail>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ProfileRef {
    /// By Lamplight's profile id.
    Id(ProfileId),
    /// By email address (must match exactly one profile).
    Email(String),
}

impl ProfileRef {
    /// A profile by id.
    pub fn id(id: impl Into<ProfileId>) -> Self {
        ProfileRef::Id(id.into())
    }

    /// A profile by email address, checked to look like one: one `@` with text either side, a
    /// dot in the domain, and no spaces or markup. Surrounding whitespace is trimmed.
    ///
    /// A [`ProfileRef::Email`] built directly is checked again when it is sent, and refused
    /// with an [`EncodeError`] if it is not an address.
    pub fn email(email: impl Into<String>) -> Result<Self, InvalidEmail> {
        let email = email.into();
        let trimmed = email.trim();
        if is_plausible_email(trimmed) {
            Ok(ProfileRef::Email(trimmed.to_owned()))
        } else {
            Err(InvalidEmail(email))
        }
    }
}

fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let bad_char = |c: char| c.is_whitespace() || c.is_control() || "<>()[],;:\"@".contains(c);
    !local.is_empty()
        && !local.chars().any(bad_char)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !domain.chars().any(bad_char)
}

impl fmt::Display for ProfileRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileRef::Id(id) => id.fmt(f),
            ProfileRef::Email(email) => f.write_str(email),
        }
    }
}

impl From<ProfileId> for ProfileRef {
    fn from(id: ProfileId) -> Self {
        ProfileRef::Id(id)
    }
}

impl From<u64> for ProfileRef {
    fn from(id: u64) -> Self {
        ProfileRef::id(id)
    }
}

impl std::str::FromStr for ProfileRef {
    type Err = InvalidEmail;

    /// A number is an id; anything else must be an email address.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().parse::<u64>() {
            Ok(id) => Ok(ProfileRef::id(id)),
            Err(_) => ProfileRef::email(s),
        }
    }
}

impl FieldValue for ProfileRef {
    const KIND: ValueKind = ValueKind::Profile;
    fn write(&self, out: &mut FieldWriter<'_>) -> Result<(), EncodeError> {
        match self {
            ProfileRef::Id(id) => out.display(id),
            // The variant can be built without `ProfileRef::email`, so check again: Lamplight
            // would look the text up as an address and fail the whole request.
            ProfileRef::Email(email) if is_plausible_email(email) => out.value(email.as_str()),
            ProfileRef::Email(email) => Err(out.invalid(InvalidEmail(email.clone()).to_string())),
        }
    }
}

/// The error from [`ProfileRef::email`] for text that is not an email address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not an email address; a profile is named by its id or by an email such as sam@example.org"
)]
pub struct InvalidEmail(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_checked() {
        for good in ["a@b.co", " sam.o'neil+x@mail.example.org "] {
            assert!(ProfileRef::email(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "@b.co",
            "a@",
            "a@b",
            "a b@c.org",
            "a@b..org",
            "<a>@b.org",
            "a@@b.org",
        ] {
            assert!(ProfileRef::email(bad).is_err(), "{bad}");
        }
        assert_eq!("653".parse::<ProfileRef>().unwrap(), ProfileRef::id(653));
        assert_eq!(
            ProfileRef::email(" sam@example.org\n").unwrap(),
            ProfileRef::Email("sam@example.org".to_owned())
        );
    }

    #[test]
    fn an_email_built_without_checking_is_refused_when_sent() {
        let mut form = crate::Form::new();
        let mut out = FieldWriter::new(&mut form, "attendee", "attendee".into(), "attendee".into());
        let err = ProfileRef::Email("not an email".to_owned())
            .write(&mut out)
            .unwrap_err();
        assert_eq!(err.field(), "attendee");
        assert!(err.to_string().contains("not an email address"), "{err}");
        assert!(form.is_empty());

        let mut out = FieldWriter::new(&mut form, "attendee", "attendee".into(), "attendee".into());
        ProfileRef::Email("sam@example.org".to_owned())
            .write(&mut out)
            .unwrap();
        assert_eq!(form.get("attendee"), Some("sam@example.org"));
    }
}
