import Foundation

/// Decides whether a feed is owed a run after the daemon was asleep, stopped or busy.
public enum Catchup {
    /// True when at least one nominal fire lies in `(lastRun, now]`, or when the feed has never run (`lastRun == nil`).
    ///
    /// Fires missed during a suspend or an outage are caught up once, never
    /// replayed one by one: the caller runs the feed once, records `now` as its
    /// last run, and then waits for `schedule.nextFire(after: now)`. Jitter plays
    /// no part here; it only delays a run, and never past the following nominal
    /// fire, so a run recorded at its jittered time still covers its own fire.
    /// If the clock was set back (`lastRun` after `now`) nothing is due until the
    /// clock passes the fire that follows `lastRun`. A schedule that never fires
    /// is never due once it has run.
    public static func due(schedule: Schedule, lastRun: Date?, now: Date) -> Bool {
        guard let lastRun else { return true }
        return schedule.nextFire(after: lastRun) <= now
    }
}
