//! The state every request shares: the configuration, its indexes, the store, the faults and
//! the request log.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::config::Config;
use crate::faults::FaultPlan;
use crate::log::LoggedRequest;
use crate::reply::Shaper;
use crate::store::Store;

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

/// Shared by every request of one sandbox.
pub(crate) struct Shared {
    pub(crate) config: Config,
    pub(crate) shaper: Shaper,
    workareas: BTreeMap<u64, WorkareaInfo>,
    places: BTreeMap<String, (f64, f64)>,
    store: Mutex<Store>,
    pub(crate) faults: Mutex<FaultPlan>,
    log: Mutex<VecDeque<LoggedRequest>>,
}

impl Shared {
    /// Builds the shared state of a checked configuration.
    pub(crate) fn new(config: Config) -> Shared {
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
        Shared {
            shaper: Shaper::new(&config),
            store: Mutex::new(Store::new(&config)),
            faults: Mutex::new(FaultPlan::default()),
            log: Mutex::new(VecDeque::new()),
            workareas,
            places,
            config,
        }
    }

    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
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

    /// How many profiles attend a work record.
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

    /// Adds a request to the log, dropping the oldest beyond the limit.
    pub(crate) fn record(&self, entry: LoggedRequest) {
        let limit = self.config.request_log_limit;
        if limit == 0 {
            return;
        }
        let mut log = lock(&self.log);
        while log.len() >= limit {
            log.pop_front();
        }
        log.push_back(entry);
    }

    pub(crate) fn requests(&self) -> Vec<LoggedRequest> {
        lock(&self.log).iter().cloned().collect()
    }
}

fn normalise_postcode(postcode: &str) -> String {
    let compact: String = postcode
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    compact
}
