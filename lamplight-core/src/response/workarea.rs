//! Workareas: the two-level tree `workarea/all` returns.

use serde::{Deserialize, Serialize};

use super::lenient::{list, text};
use crate::WorkareaId;

/// A workarea, with the workareas under it.
///
/// ```
/// use lamplight_core::response::{Page, Workarea};
///
/// let body = r#"{"data": [{"id": "1", "text": "Youth work",
///                "children": [{"id": 2, "text": "Youth club", "children": ""}]}]}"#;
/// let areas: Page<Workarea> = serde_json::from_str(body)?;
/// assert_eq!(areas.records[0].children[0].text, "Youth club");
/// assert_eq!(areas.records[0].children[0].id, lamplight_core::WorkareaId::one(2));
/// let json = serde_json::to_string(&areas.records[0])?;
/// assert_eq!(json, r#"{"id":1,"text":"Youth work","children":[{"id":2,"text":"Youth club","children":[]}]}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Workarea {
    /// The workarea's id, as `workarea` filters and `workareaid` take it.
    pub id: WorkareaId,
    /// Its name.
    #[serde(default, deserialize_with = "text")]
    pub text: String,
    /// The workareas under it; none for a leaf.
    #[serde(default, deserialize_with = "list")]
    pub children: Vec<Workarea>,
}

impl Workarea {
    /// This workarea and every one under it, depth first.
    pub fn iter(&self) -> impl Iterator<Item = &Workarea> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            let next = stack.pop()?;
            stack.extend(next.children.iter().rev());
            Some(next)
        })
    }
}
