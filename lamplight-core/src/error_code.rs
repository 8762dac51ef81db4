//! The numeric error codes the Lamplight publishing API replies with.

use std::fmt;

macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident = $number:literal, $meaning:literal; )*) => {
        /// An error code from the Lamplight publishing API.
        ///
        /// Every code Lamplight documents has a variant; a code this crate does not know is kept
        /// verbatim in [`ErrorCode::Unknown`], so nothing the server says is lost.
        ///
        /// ```
        /// use lamplight_core::ErrorCode;
        ///
        /// let code = ErrorCode::from_number(1040);
        /// assert_eq!(code, ErrorCode::InvalidReferral);
        /// assert_eq!(code.number(), 1040);
        /// assert_eq!(ErrorCode::from_number(4242), ErrorCode::Unknown(4242));
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant, )*
            /// A code that Lamplight did not document when this crate was written.
            Unknown(i64),
        }

        impl ErrorCode {
            /// Every documented code, in numeric order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The code for a number the server sent.
            pub const fn from_number(number: i64) -> Self {
                match number {
                    $( $number => ErrorCode::$variant, )*
                    other => ErrorCode::Unknown(other),
                }
            }

            /// The number Lamplight uses for this code.
            pub const fn number(self) -> i64 {
                match self {
                    $( ErrorCode::$variant => $number, )*
                    ErrorCode::Unknown(number) => number,
                }
            }

            /// What Lamplight documents this code as meaning.
            pub const fn meaning(self) -> &'static str {
                match self {
                    $( ErrorCode::$variant => $meaning, )*
                    ErrorCode::Unknown(_) => "an error code Lamplight did not document",
                }
            }
        }
    };
}

error_codes! {
    /// 1001: the role was not recognised.
    UnknownRole = 1001, "role not recognised";
    /// 1002: profiles of that type (or that profile) are not publishable.
    ProfileNotPublishable = 1002, "profiles of that type (or that profile) are not publishable";
    /// 1003: only people or organisations may be requested.
    UnknownProfileType = 1003, "only people or organisations may be requested";
    /// 1004: the method was not all, some or one.
    UnknownMethod = 1004, "method not recognised (must be all, some or one)";
    /// 1005: `all` is not permitted for work records.
    AllWorkNotAllowed = 1005, "`all` is not permitted for work records";
    /// 1006: work records (or that record) are not publishable.
    WorkNotPublishable = 1006, "work records (or that record) are not publishable";
    /// 1007: unknown error, usually an unpublished or non-existent record.
    UnknownError = 1007, "unknown error; usually an unpublished or non-existent record was requested";
    /// 1008: workareas only support `all`.
    WorkareaMethod = 1008, "workareas only support `all`";
    /// 1020: the data-in module for work records is not enabled.
    DataInNotEnabled = 1020, "the data-in module for work records is not enabled on this subscription";
    /// 1021: no valid work record id was given to attend.
    NoValidWorkId = 1021, "no valid work record id given to attend";
    /// 1022: the attendee identifier is not valid.
    InvalidAttendee = 1022, "the attendee identifier is not valid";
    /// 1023: the record does not allow attendees to be added through the API.
    AttendanceNotAllowed = 1023, "the record does not allow attendees to be added via the API";
    /// 1024: the attendee could not be identified unambiguously.
    AmbiguousAttendee = 1024, "the attendee could not be identified unambiguously (none or several matches)";
    /// 1025: no spaces are left on the record.
    NoSpacesLeft = 1025, "no spaces left on the record";
    /// 1026: the attendee is already attending.
    AlreadyAttending = 1026, "the attendee is already attending";
    /// 1027: this type of record may not be accessed through the API.
    RecordTypeNotAccessible = 1027, "this type of record may not be accessed through the API";
    /// 1040: the referral data was not valid.
    InvalidReferral = 1040, "referral data was not valid";
    /// 1050: profile writes must be POSTed.
    ProfileWriteNotPost = 1050, "profile writes must be POSTed";
    /// 1051: an update needs a valid id.
    UpdateNeedsId = 1051, "an update needs a valid id";
    /// 1052: no permission to update this type of profile.
    UpdateNotPermitted = 1052, "no permission to update this type of profile";
    /// 1053: this profile may not be updated.
    ProfileNotUpdatable = 1053, "this profile may not be updated";
    /// 1054: no permission to add profiles of this type.
    AddNotPermitted = 1054, "no permission to add profiles of this type";
    /// 1055: the profile data was not valid.
    InvalidProfile = 1055, "profile data was not valid";
    /// 1056: no valid data was found to add or update.
    NoValidData = 1056, "no valid data found to add or update";
    /// 1057: the core name/address fields could not be saved.
    CoreFieldsNotSaved = 1057, "the core name/address fields could not be saved";
    /// 1058: some custom fields could not be saved (the core fields were).
    CustomFieldsNotSaved = 1058, "some custom fields could not be saved (core fields were)";
    /// 1070: API access to relationships is not enabled.
    RelationshipsNotEnabled = 1070, "API access to relationships is not enabled";
    /// 1071: wrong parameter types for a relationship.
    InvalidRelationship = 1071, "wrong parameter types for a relationship";
    /// 1072: the relationship could not be created.
    RelationshipNotCreated = 1072, "the relationship could not be created";
    /// 1073: relationships must be POSTed.
    RelationshipNotPost = 1073, "relationships must be POSTed";
    /// 1080: adding to groups or waiting lists is not enabled.
    GroupsNotEnabled = 1080, "adding to groups / waiting lists is not enabled";
    /// 1081: wrong parameters for a group membership.
    InvalidGroupMembership = 1081, "wrong parameters for a group membership";
    /// 1082: the group is not a manual group or waiting list.
    GroupNotManual = 1082, "the group is not a manual group or waiting list";
    /// 1083: group memberships must be POSTed.
    GroupMembershipNotPost = 1083, "group memberships must be POSTed";
    /// 1084: the profile could not be added to the group.
    GroupAddFailed = 1084, "the profile could not be added to the group";
    /// 1085: the profile could not be found.
    ProfileNotFound = 1085, "the profile could not be found";
    /// 1086: several profiles matched.
    SeveralProfilesMatched = 1086, "several profiles matched";
    /// 9999: rejected as a possible attack, because a POSTed value contained HTML.
    HtmlRejected = 9999, "rejected as a possible attack: a POSTed value contained HTML";
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.number(), self.meaning())
    }
}

impl From<i64> for ErrorCode {
    fn from(number: i64) -> Self {
        ErrorCode::from_number(number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_code_round_trips() {
        assert_eq!(ErrorCode::ALL.len(), 38);
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_number(code.number()), *code);
            assert!(!matches!(code, ErrorCode::Unknown(_)));
        }
    }

    #[test]
    fn unknown_codes_are_kept() {
        assert_eq!(ErrorCode::from_number(7).number(), 7);
        assert_eq!(
            ErrorCode::Unknown(7).to_string(),
            "7 (an error code Lamplight did not document)"
        );
    }
}
