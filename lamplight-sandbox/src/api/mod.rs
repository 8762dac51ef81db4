//! The Lamplight endpoints: `{what}/{how}` to a reply.

mod attend;
mod links;
mod profile_read;
mod profile_write;
mod referral;
mod work;

use lamplight_core::{ErrorCode, Role};

use crate::config::StoredKind;
use crate::params::Params;
use crate::reply::{Reply, Shaper};
use crate::state::AppState;
use crate::validate::contains_html_tag;

/// The number of records a `some` request returns when it gives no `num`.
pub(crate) const DEFAULT_NUM: usize = 20;

/// One authenticated request on its way to an endpoint.
pub(crate) struct Call<'a> {
    pub(crate) shared: &'a AppState,
    /// Query, path and form parameters merged, without the credentials.
    pub(crate) params: &'a Params,
    pub(crate) post: bool,
}

impl Call<'_> {
    pub(crate) fn shaper(&self) -> &Shaper {
        &self.shared.shaper
    }

    /// The `role` parameter, checked against the profile kind: absent, unknown or unsuitable
    /// roles get 1001.
    pub(crate) fn role_for(&self, kind: StoredKind) -> Result<Role, Reply> {
        let Some(given) = self.params.non_empty("role") else {
            return Err(Reply::lamplight(
                ErrorCode::UnknownRole,
                "A role is required",
            ));
        };
        match Role::from_wire(given) {
            Some(role) if kind.accepts(role) => Ok(role),
            Some(role) => Err(Reply::lamplight(
                ErrorCode::UnknownRole,
                format!("The role '{role}' is not valid for this type of profile"),
            )),
            None => Err(Reply::lamplight(
                ErrorCode::UnknownRole,
                format!("Role '{given}' not recognised"),
            )),
        }
    }

    /// `num` and `start` (non-numeric values count as absent, as PHP's `intval` makes them 0).
    pub(crate) fn paging(&self) -> (usize, usize) {
        let number = |name| {
            self.params
                .non_empty(name)
                .and_then(|text| text.parse::<usize>().ok())
        };
        let start = number("start").unwrap_or(0);
        let num = number("num").filter(|n| *n > 0).unwrap_or(DEFAULT_NUM);
        (start, num)
    }

    /// `order` as a field name and direction: `title`, `title desc`, `-title`.
    pub(crate) fn order(&self) -> Option<(String, bool)> {
        let order = self.params.non_empty("order")?;
        if let Some(field) = order.strip_prefix('-') {
            return Some((field.trim().to_lowercase(), true));
        }
        let mut words = order.split_whitespace();
        let field = words.next()?.to_lowercase();
        let descending = words
            .next()
            .is_some_and(|dir| dir.eq_ignore_ascii_case("desc"));
        Some((field, descending))
    }
}

/// Routes an authenticated request.
pub(crate) fn dispatch(call: &Call<'_>, what: &str, how: &str) -> Reply {
    if call.post
        && let Some(name) = call.params.find_value(contains_html_tag)
    {
        return Reply::lamplight(
            ErrorCode::HtmlRejected,
            format!("Request rejected: the value of '{name}' contains HTML"),
        );
    }
    match what {
        "workarea" => match how {
            "all" => work::workareas(call),
            _ => Reply::lamplight(ErrorCode::WorkareaMethod, "Workareas only support 'all'"),
        },
        "work" => match how {
            "some" => work::work_some(call),
            "one" => work::work_one(call),
            "all" => Reply::lamplight(
                ErrorCode::AllWorkNotAllowed,
                "'all' is not permitted for work records; use 'some'",
            ),
            "attend" if call.post => attend::attend(call),
            "attend" => Reply::lamplight(ErrorCode::UnknownMethod, "work/attend must be POSTed"),
            _ => unknown_method(how),
        },
        "referral" => match how {
            "add" if call.post => referral::add(call),
            "add" => Reply::lamplight(ErrorCode::InvalidReferral, "Referral data must be POSTed"),
            "all" | "some" | "one" => Reply::lamplight(
                ErrorCode::RecordTypeNotAccessible,
                "Referrals may not be read through the API",
            ),
            _ => unknown_method(how),
        },
        _ => match StoredKind::from_path(what) {
            Some(kind) => profile_endpoint(call, kind, how),
            None => Reply::lamplight(
                ErrorCode::UnknownProfileType,
                format!(
                    "'{what}' is not recognised: only people or organisations may be requested"
                ),
            ),
        },
    }
}

fn profile_endpoint(call: &Call<'_>, kind: StoredKind, how: &str) -> Reply {
    let people = kind == StoredKind::Person;
    match how {
        "all" | "some" | "one" => profile_read::read(call, kind, how),
        "add" | "update" if !call.post => Reply::lamplight(
            ErrorCode::ProfileWriteNotPost,
            format!("Profile data must be POSTed to {how}"),
        ),
        "add" => profile_write::add(call, kind),
        "update" => profile_write::update(call, kind),
        "relationship" if people && call.post => links::relationship(call),
        "relationship" if people => Reply::code(ErrorCode::RelationshipNotPost),
        "group" if people && call.post => links::group(call),
        "group" if people => Reply::code(ErrorCode::GroupMembershipNotPost),
        _ => unknown_method(how),
    }
}

fn unknown_method(how: &str) -> Reply {
    Reply::lamplight(
        ErrorCode::UnknownMethod,
        format!("Method '{how}' not recognised"),
    )
}

/// Applies `start` and `num` to a list, returning the page.
pub(crate) fn page<T>(items: Vec<T>, start: usize, num: usize) -> Vec<T> {
    items.into_iter().skip(start).take(num).collect()
}
