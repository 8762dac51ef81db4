//! Profile roles.

use std::fmt;
use std::str::FromStr;

use crate::RecordKind;

/// The role of a profile in Lamplight. Every profile request names exactly one.
///
/// Not every role suits every kind of profile: people take `user`, `contact`, `staff` and
/// `funder`; organisations take `user`, `contact`, `funder` and `org`.
///
/// ```
/// use lamplight_core::{RecordKind, Role};
///
/// let role: Role = "staff".parse()?;
/// assert_eq!(role, Role::Staff);
/// assert!(role.is_valid_for(RecordKind::Person));
/// assert!(!role.is_valid_for(RecordKind::Organisation));
/// # Ok::<(), lamplight_core::UnknownRole>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// `user`: someone (or an organisation) the charity works with.
    User,
    /// `contact`: a contact, such as a referrer.
    Contact,
    /// `staff`: a member of staff or volunteer (people only).
    Staff,
    /// `funder`: a funder.
    Funder,
    /// `org`: an organisation in its own right (organisations only).
    Org,
}

impl Role {
    /// Every role, in Lamplight's order.
    pub const ALL: &'static [Role] = &[
        Role::User,
        Role::Contact,
        Role::Staff,
        Role::Funder,
        Role::Org,
    ];
    /// The roles a person may take.
    pub const PERSON: &'static [Role] = &[Role::User, Role::Contact, Role::Staff, Role::Funder];
    /// The roles an organisation may take.
    pub const ORGANISATION: &'static [Role] = &[Role::User, Role::Contact, Role::Funder, Role::Org];
    /// The roles a family may take. Lamplight documents none separately; families are people
    /// grouped together, so they take the roles people take.
    pub const FAMILY: &'static [Role] = Role::PERSON;

    /// The role's wire name: `user`, `contact`, `staff`, `funder` or `org`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Contact => "contact",
            Role::Staff => "staff",
            Role::Funder => "funder",
            Role::Org => "org",
        }
    }

    /// Parses a wire name, as `FromStr` does, in a `const` context.
    pub const fn from_wire(name: &str) -> Option<Role> {
        match name.as_bytes() {
            b"user" => Some(Role::User),
            b"contact" => Some(Role::Contact),
            b"staff" => Some(Role::Staff),
            b"funder" => Some(Role::Funder),
            b"org" => Some(Role::Org),
            _ => None,
        }
    }

    /// Whether a profile of `kind` may take this role. No role is valid for a referral.
    pub const fn is_valid_for(self, kind: RecordKind) -> bool {
        let roles = kind.roles();
        let mut i = 0;
        while i < roles.len() {
            if roles[i] as u8 == self as u8 {
                return true;
            }
            i += 1;
        }
        false
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error from parsing a [`Role`] that Lamplight does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a Lamplight role; expected one of user, contact, staff, funder, org")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::from_wire(s).ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

impl serde::Serialize for Role {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Role {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_sets_follow_the_api() {
        use RecordKind::*;
        assert!(Role::Staff.is_valid_for(Person));
        assert!(!Role::Org.is_valid_for(Person));
        assert!(Role::Org.is_valid_for(Organisation));
        assert!(!Role::Staff.is_valid_for(Organisation));
        assert!(!Role::User.is_valid_for(Referral));
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), *role);
        }
        assert!("admin".parse::<Role>().is_err());
    }
}
