//! Everything one sandbox holds, in one structure: [`AppState`].
//!
//! - the configuration and the indexes built from it, fixed at start;
//! - the [`Store`] of records, seeded from the configuration and written by requests
//!   (`store.rs`), whose public snapshot types live in `records.rs`;
//! - the run-time controls: scheduled faults, the request log and the rate limiter.
//!
//! Every request reaches it through the router's state, `Arc<AppState>`.

mod records;
mod store;

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

pub use records::{
    State, StoredAttendance, StoredMembership, StoredProfile, StoredReferral, StoredRelationship,
};
pub(crate) use store::{Lookup, Store};

use crate::config::Config;
use crate::faults::FaultPlan;
use crate::limits::RateLimiter;
use crate::log::RequestLog;
use crate::reply::Shaper;

/// Locks a mutex, carrying on with the data if another request panicked while holding it:
/// every critical section leaves the data consistent, so one failed request must not stop the
/// server.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

struct WorkareaInfo {
    name: String,
    parent: Option<u64>,
}

/// The state of one sandbox, shared by every request.
pub(crate) struct AppState {
    pub(crate) config: Config,
    pub(crate) shaper: Shaper,
    workareas: BTreeMap<u64, WorkareaInfo>,
    /// Normalised postcode → coordinates.
    places: BTreeMap<String, (f64, f64)>,
    store: Mutex<Store>,
    /// Held while a write that adds records checks the cap and stores, so that concurrent
    /// writes cannot both pass the check at the last free place.
    write_gate: Mutex<()>,
    pub(crate) faults: Mutex<FaultPlan>,
    pub(crate) log: RequestLog,
    pub(crate) rate_limiter: Option<RateLimiter>,
}

impl AppState {
    /// Builds the state of a checked configuration.
    pub(crate) fn new(config: Config) -> AppState {
        let mut workareas = BTreeMap::new();
        for area in &config.workareas {
            let info = WorkareaInfo {
                name: area.name.clone(),
                parent: None,
            };
            workareas.insert(area.id, info);
            for child in &area.children {
                let info = WorkareaInfo {
                    name: child.name.clone(),
                    parent: Some(area.id),
                };
                workareas.insert(child.id, info);
            }
        }
        let seeded = config.profiles.iter().filter_map(|profile| {
            let postcode = profile.postcode.as_deref()?;
            Some((normalise_postcode(postcode), (profile.lat?, profile.lng?)))
        });
        let listed = config
            .places
            .iter()
            .map(|place| (normalise_postcode(&place.postcode), (place.lat, place.lng)));
        let places = seeded.chain(listed).collect();
        AppState {
            shaper: Shaper::new(&config),
            store: Mutex::new(Store::new(&config)),
            write_gate: Mutex::new(()),
            faults: Mutex::new(FaultPlan::default()),
            log: RequestLog::new(config.request_log_limit),
            rate_limiter: config.rate_limit.map(RateLimiter::new),
            workareas,
            places,
            config,
        }
    }

    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    /// Runs a write that may add records, unless the store already holds
    /// [`Config::max_records`] of them: then `Err(())`, and nothing runs.
    ///
    /// A write that starts below the cap runs whole, so one `work/attend` naming several work
    /// records may take the count past the cap by the records it adds.
    pub(crate) fn if_room<T>(&self, write: impl FnOnce() -> T) -> Result<T, ()> {
        let _gate = lock(&self.write_gate);
        if self.store().created() >= self.config.max_records {
            return Err(());
        }
        Ok(write())
    }

    pub(crate) fn workarea_exists(&self, id: u64) -> bool {
        self.workareas.contains_key(&id)
    }

    pub(crate) fn workarea_name(&self, id: u64) -> Option<String> {
        self.workareas.get(&id).map(|info| info.name.clone())
    }

    pub(crate) fn workarea_parent(&self, id: u64) -> Option<u64> {
        self.workareas.get(&id).and_then(|info| info.parent)
    }

    pub(crate) fn attending(&self, work_id: u64) -> usize {
        self.store()
            .attendees
            .get(&work_id)
            .map_or(0, |set| set.len())
    }

    /// The coordinates of a known postcode (spacing and case do not matter).
    pub(crate) fn place(&self, postcode: &str) -> Option<(f64, f64)> {
        self.places.get(&normalise_postcode(postcode)).copied()
    }
}

fn normalise_postcode(postcode: &str) -> String {
    postcode
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}
