//! Where a document's own numbers disagree (CONVENTIONS.md §7), computed
//! within the statement, breakdown or paragraph a count belongs to — never
//! against a number of another part of the document:
//!
//! - the parts of a breakdown (`tổng … (gồm …)`, `…, trong đó …`) that do
//!   not add up to their total, allowing for rounded counts (`4,52 ngàn`);
//! - resolved on time + overdue against the resolved total of the same
//!   statement, and fully + partly online against the online count;
//! - more resolved and in progress than were received and carried over,
//!   and a channel larger than the received total it belongs to;
//! - a stated percentage that no count of its paragraph gives, when its
//!   statement names the total it should be a share of;
//! - the same document cited with different dates.
//!
//! A count whose parts disagree with it and whose percentage disagrees too
//! is one contradiction, reported once.

use super::dossiers::{Dimension, RawDossier, dimension};
use super::references::RawRef;
use crate::record::{Metric, WarningKind};
use std::collections::HashMap;

/// A contradiction, as kind + message + the dossiers (indices) involved.
#[derive(Debug, Clone, PartialEq)]
pub struct RawWarning {
    pub kind: WarningKind,
    pub message: String,
    pub members: Vec<usize>,
}

/// Percentage points allowed beyond a percentage's own rounding (writers
/// truncate as often as they round).
const PERCENT_SLACK: f64 = 0.06;

fn error(d: &RawDossier) -> Option<u64> {
    d.error
}

/// `a` and `b` differ by more than their rounding allows (`None`: a value
/// is approximate, nothing can be said).
fn differ(a: u64, ea: Option<u64>, b: u64, eb: Option<u64>) -> bool {
    match (ea, eb) {
        (Some(x), Some(y)) => a.abs_diff(b) > x + y,
        _ => false,
    }
}

/// Checks the dossier counts of a document against each other.
pub fn check(ds: &[RawDossier]) -> Vec<RawWarning> {
    let mut out = Vec::new();
    breakdowns(ds, &mut out);
    statements(ds, &mut out);
    paragraphs(ds, &mut out);
    percents(ds, &mut out);
    out
}

/// The parts of each breakdown, by dimension, against their total.
fn breakdowns(ds: &[RawDossier], out: &mut Vec<RawWarning>) {
    let mut parts: HashMap<(usize, Dimension), Vec<usize>> = HashMap::new();
    for (i, d) in ds.iter().enumerate() {
        if let Some(p) = d.parent {
            parts
                .entry((p, dimension(ds[p].metric, d.metric)))
                .or_default()
                .push(i);
        }
    }
    let mut keys: Vec<_> = parts.keys().copied().collect();
    keys.sort_by_key(|&(p, _)| p);
    for key @ (p, dim) in keys {
        let members = &parts[&key];
        if members.len() < 2
            || ds[p].some_parts
            || (dim == Dimension::OnlineMode && ds[p].metric != Metric::ReceivedOnline)
        {
            continue;
        }
        let sum: u64 = members.iter().map(|&i| ds[i].value).sum();
        let err: Option<u64> = members.iter().try_fold(0, |a, &i| Some(a + error(&ds[i])?));
        if differ(sum, err, ds[p].value, error(&ds[p])) {
            let listed: Vec<String> = members
                .iter()
                .map(|&i| format!("{} {}", ds[i].metric, ds[i].value))
                .collect();
            let mut m = vec![p];
            m.extend(members);
            out.push(RawWarning {
                kind: WarningKind::InconsistentTotals,
                message: format!(
                    "{} = {sum}, but {} is {}",
                    listed.join(" + "),
                    ds[p].metric,
                    ds[p].value
                ),
                members: m,
            });
        }
    }
}

/// Within one statement, totals that are not written as a breakdown:
/// `đã giải quyết 1028 hồ sơ, trước và đúng hạn 1021, quá hạn 6`.
fn statements(ds: &[RawDossier], out: &mut Vec<RawWarning>) {
    let mut by: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, d) in ds.iter().enumerate() {
        if d.denominator_of.is_none() {
            by.entry(d.statement).or_default().push(i);
        }
    }
    let mut keys: Vec<usize> = by.keys().copied().collect();
    keys.sort_unstable();
    for st in keys {
        let idx = &by[&st];
        let free = |m: Metric| {
            idx.iter()
                .copied()
                .filter(|&i| ds[i].metric == m && ds[i].parent.is_none())
                .collect::<Vec<_>>()
        };
        let one = |m: Metric| match free(m).as_slice() {
            [i] => Some(*i),
            _ => None,
        };
        let total = one(Metric::Resolved).or_else(|| {
            idx.iter()
                .copied()
                .find(|&i| ds[i].also_resolved && ds[i].parent.is_none())
        });
        if let (Some(r), Some(a), Some(b)) = (
            total,
            one(Metric::ResolvedOnTime),
            one(Metric::ResolvedOverdue),
        ) {
            let sum = ds[a].value + ds[b].value;
            if differ(sum, add(ds[a].error, ds[b].error), ds[r].value, ds[r].error) {
                out.push(RawWarning {
                    kind: WarningKind::InconsistentTotals,
                    message: format!(
                        "on time {} + overdue {} = {sum}, but {} is {}",
                        ds[a].value,
                        ds[b].value,
                        if ds[r].metric == Metric::Resolved {
                            "resolved"
                        } else {
                            "received and resolved"
                        },
                        ds[r].value
                    ),
                    members: vec![r, a, b],
                });
            }
        }
        let online = idx
            .iter()
            .copied()
            .filter(|&i| ds[i].metric == Metric::ReceivedOnline)
            .collect::<Vec<_>>();
        let mode = |m: Metric| {
            let v: Vec<usize> = idx.iter().copied().filter(|&i| ds[i].metric == m).collect();
            (v.len() == 1).then(|| v[0])
        };
        if let ([o], Some(p), Some(fu)) = (
            online.as_slice(),
            mode(Metric::ReceivedOnlinePartial),
            mode(Metric::ReceivedOnlineFull),
        ) && ds[p].parent != Some(*o)
        {
            let sum = ds[p].value + ds[fu].value;
            if differ(
                sum,
                add(ds[p].error, ds[fu].error),
                ds[*o].value,
                ds[*o].error,
            ) {
                out.push(RawWarning {
                    kind: WarningKind::InconsistentTotals,
                    message: format!(
                        "online partial {} + full {} = {sum}, but online is {}",
                        ds[p].value, ds[fu].value, ds[*o].value
                    ),
                    members: vec![*o, p, fu],
                });
            }
        }
    }
}

fn add(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    Some(a? + b?)
}

/// Within one paragraph: more processed than there was to process, and
/// a channel larger than the received total before it.
fn paragraphs(ds: &[RawDossier], out: &mut Vec<RawWarning>) {
    let mut by: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, d) in ds.iter().enumerate() {
        if d.denominator_of.is_none() {
            by.entry(d.paragraph).or_default().push(i);
        }
    }
    let mut keys: Vec<usize> = by.keys().copied().collect();
    keys.sort_unstable();
    for para in keys {
        let idx = &by[&para];
        let top = |m: Metric| {
            idx.iter()
                .copied()
                .find(|&i| ds[i].metric == m && ds[i].parent.is_none())
        };
        // Resolved and in progress against received and carried over.
        let received = idx
            .iter()
            .copied()
            .filter(|&i| ds[i].metric == Metric::Received && ds[i].parent.is_none())
            .max_by_key(|&i| ds[i].value);
        let done = top(Metric::Resolved)
            .map(|r| (ds[r].value, ds[r].error, vec![r]))
            .or_else(|| {
                let a = top(Metric::ResolvedOnTime)?;
                let b = top(Metric::ResolvedOverdue);
                Some((
                    ds[a].value + b.map_or(0, |b| ds[b].value),
                    add(ds[a].error, b.map_or(Some(0), |b| ds[b].error)),
                    [Some(a), b].into_iter().flatten().collect(),
                ))
            });
        if let (Some(rc), Some((dv, de, dm)), Some(ip)) = (received, done, top(Metric::InProgress))
            && !ds[rc].also_resolved
        {
            let carried: Vec<usize> = idx
                .iter()
                .copied()
                .filter(|&i| {
                    ds[i].metric == Metric::CarriedOver
                        && ds[i].parent.is_none_or(|p| !ds[p].metric.is_received())
                })
                .collect();
            let intake = ds[rc].value + carried.iter().map(|&i| ds[i].value).sum::<u64>();
            let sum = dv + ds[ip].value;
            let err = carried
                .iter()
                .fold(add(add(ds[rc].error, de), ds[ip].error), |a, &i| {
                    add(a, ds[i].error)
                });
            if err.is_some_and(|e| sum > intake + e) {
                let mut members = vec![rc, ip];
                members.extend(dm);
                members.extend(carried.iter().copied());
                out.push(RawWarning {
                    kind: WarningKind::InconsistentTotals,
                    message: format!(
                        "resolved {dv} + in progress {} = {sum}, but received{} is {intake}",
                        ds[ip].value,
                        if carried.is_empty() {
                            String::new()
                        } else {
                            format!(" {} + carried over", ds[rc].value)
                        },
                    ),
                    members,
                });
            }
        }
        // A channel larger than the received total before it.
        let mut last_received = None;
        for &c in idx {
            if ds[c].metric == Metric::Received && ds[c].parent.is_none() {
                last_received = Some(c);
            }
            if !matches!(
                ds[c].metric,
                Metric::ReceivedOnline | Metric::ReceivedDirect | Metric::ReceivedPostal
            ) {
                continue;
            }
            let Some(r) = last_received else {
                continue;
            };
            if ds[c].value
                > ds[r].value
                    + ds[c].error.unwrap_or(u64::MAX / 4)
                    + ds[r].error.unwrap_or(u64::MAX / 4)
            {
                out.push(RawWarning {
                    kind: WarningKind::InconsistentTotals,
                    message: format!(
                        "{} {} exceeds received {}",
                        ds[c].metric, ds[c].value, ds[r].value
                    ),
                    members: vec![r, c],
                });
            }
        }
    }
}

/// The total a count of this metric is naturally a share of.
fn natural_base(part: Metric, base: &RawDossier) -> bool {
    use Metric::*;
    match part {
        ResolvedOnTime | ResolvedOverdue => {
            matches!(base.metric, Resolved | Other) || base.also_resolved
        }
        ReceivedOnline
        | ReceivedDirect
        | ReceivedPostal
        | ReceivedOnlineFull
        | ReceivedOnlinePartial
        | Resolved
        | InProgress
        | InProgressOverdue
        | ReturnedWithdrawn
        | PendingSupplement => base.metric == Received || base.metric == Other,
        _ => false,
    }
}

/// A stated percentage that no count of its paragraph gives, where its
/// statement names the total it should be a share of.
fn percents(ds: &[RawDossier], out: &mut Vec<RawWarning>) {
    // Counts are in text order, so a paragraph's are one run of indices;
    // a percentage is compared with the counts near it in that run.
    const NEAR: usize = 48;
    let mut totals_of: HashMap<usize, usize> = HashMap::new();
    for (k, w) in out.iter().enumerate() {
        if w.kind == WarningKind::InconsistentTotals {
            for &m in &w.members {
                totals_of.entry(m).or_insert(k);
            }
        }
    }
    for (i, d) in ds.iter().enumerate() {
        let (Some(p), Some(err)) = (d.percent, d.error) else {
            continue;
        };
        let near = i.saturating_sub(NEAR)..(i + NEAR + 1).min(ds.len());
        let is_base = |j: usize, b: &RawDossier| {
            j != i
                && b.statement == d.statement
                && (d.parent == Some(j) || b.denominator_of == Some(i) || natural_base(d.metric, b))
        };
        if !near.clone().any(|j| is_base(j, &ds[j])) {
            continue;
        }
        let fits = |b: &RawDossier| {
            let Some(be) = b.error else { return true };
            if b.value == 0 {
                return false;
            }
            let share = d.value as f64 * 100.0 / b.value as f64;
            let slack = d.percent_error
                + PERCENT_SLACK
                + share * (err as f64 / d.value.max(1) as f64 + be as f64 / b.value as f64);
            (share - p).abs() <= slack
        };
        // The count itself is a base only of 100%.
        if near
            .clone()
            .any(|j| ds[j].paragraph == d.paragraph && (j != i || p == 100.0) && fits(&ds[j]))
        {
            continue;
        }
        // Reported with the totals it already contradicts.
        if let Some(&k) = totals_of.get(&i) {
            out[k]
                .message
                .push_str(&format!("; and {} {} is not {p}% of it", d.metric, d.value));
            continue;
        }
        // The nearest total before the count (`cấp huyện tiếp nhận 6.776 hồ
        // sơ, với 2.521 hồ sơ trực tuyến (37,76%)`), else after it.
        let base = (near.start..i)
            .rev()
            .chain(i + 1..near.end)
            .find(|&j| is_base(j, &ds[j]))
            .map(|j| (j, ds[j].value));
        let Some((j, base)) = base else { continue };
        out.push(RawWarning {
            kind: WarningKind::InconsistentPercent,
            message: format!(
                "{} {} of {base} is {:.2}%, but the report says {p}%",
                d.metric,
                d.value,
                d.value as f64 * 100.0 / base.max(1) as f64
            ),
            members: if j < i { vec![j, i] } else { vec![i, j] },
        });
    }
}

/// The same document (kind and number, a number that names its year or
/// two dates of one year) cited with two different dates of issue: an
/// agency numbers its documents afresh each year (Decree 30/2020/NĐ-CP,
/// art. 15), so within a year a number is one document.
pub fn references(refs: &[RawRef]) -> Vec<(String, Vec<usize>)> {
    let mut seen: HashMap<(String, String, String), (usize, String)> = HashMap::new();
    let mut out = Vec::new();
    let mut reported = std::collections::HashSet::new();
    for (i, r) in refs.iter().enumerate() {
        let (Some(t), Some(n), Some(d)) = (&r.doc_type, &r.number, &r.date) else {
            continue;
        };
        if d.len() < 10 {
            continue;
        }
        let year = number_year(n).unwrap_or_else(|| d[..4].to_string());
        let key = (t.clone(), n.to_uppercase(), year);
        match seen.get(&key) {
            Some((j, first)) if first != d => {
                if reported.insert(key.clone()) {
                    out.push((
                        format!("{t} {n} is dated {first} here and {d} elsewhere"),
                        vec![*j, i],
                    ));
                }
            }
            Some(_) => {}
            None => {
                seen.insert(key, (i, d.clone()));
            }
        }
    }
    out
}

/// The year a number names (`64/2014/NĐ-CP` → 2014).
fn number_year(n: &str) -> Option<String> {
    n.split('/')
        .nth(1)
        .filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(metric: Metric, value: u64, percent: Option<f64>) -> RawDossier {
        RawDossier {
            span: 0..0,
            number: 0..0,
            metric,
            value,
            error: Some(0),
            percent,
            percent_error: 0.05,
            scope: None,
            paragraph: 0,
            statement: 0,
            parent: None,
            denominator_of: None,
            some_parts: false,
            also_resolved: false,
            doubtful: false,
        }
    }

    use Metric::*;

    #[test]
    fn totals_and_percent() {
        // Resolved 4713 in a breakdown of received 5007 with 292 in progress.
        let mut ds = vec![
            d(Received, 5007, None),
            d(Resolved, 4713, None),
            d(ResolvedOnTime, 4554, Some(96.6)),
            d(ResolvedOverdue, 159, Some(3.4)),
            d(InProgress, 292, None),
        ];
        ds[1].parent = Some(0);
        ds[2].parent = Some(1);
        ds[3].parent = Some(1);
        ds[4].parent = Some(0);
        let w = check(&ds);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].kind, WarningKind::InconsistentTotals);
        let ds = [
            d(Resolved, 100, None),
            d(ResolvedOnTime, 90, Some(95.0)),
            d(ResolvedOverdue, 10, None),
        ];
        let w = check(&ds);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].kind, WarningKind::InconsistentPercent);
    }

    #[test]
    fn a_percentage_of_any_count_of_its_paragraph_is_consistent() {
        // 96.55% is of the dossiers due (19.944), not of those received.
        let ds = [
            d(Received, 19630, None),
            d(ResolvedOnTime, 19255, Some(96.55)),
            d(Other, 19944, None),
        ];
        assert!(check(&ds).is_empty());
    }

    #[test]
    fn rounded_counts_are_given_their_rounding() {
        let mut ds = vec![
            d(Resolved, 4561, None),
            d(ResolvedOnTime, 4520, None),
            d(ResolvedOverdue, 12, None),
        ];
        ds[1].error = Some(5);
        ds[1].parent = Some(0);
        ds[2].parent = Some(0);
        assert_eq!(check(&ds).len(), 1);
        ds[1].value = 4550;
        assert!(check(&ds).is_empty());
    }

    #[test]
    fn shortfalls_of_unlisted_outcomes_are_not_contradictions() {
        // Received 56 039; resolved and in progress, not written as its
        // breakdown, leave 1 251 unaccounted (returned, withdrawn …).
        let ds = [
            d(Received, 56039, None),
            d(Resolved, 48249, None),
            d(InProgress, 6539, None),
        ];
        assert!(check(&ds).is_empty());
    }
}
