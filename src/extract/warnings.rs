//! Self-contradictions within one statement: parts that do not add up to
//! their total, and stated percentages that do not match the counts.

use super::dossiers::RawDossier;
use std::collections::BTreeMap;

/// A contradiction, as kind + message + the dossiers (indices) involved.
#[derive(Debug, Clone, PartialEq)]
pub struct RawWarning {
    pub kind: &'static str,
    pub message: String,
    pub members: Vec<usize>,
}

/// Tolerance for a stated percentage, in percentage points.
pub const PERCENT_TOLERANCE: f64 = 0.15;

/// A warning when two parts (`(index, label)`) do not add up to `total`.
fn parts_vs_total(
    ds: &[RawDossier],
    total: usize,
    parts: [(usize, &str); 2],
    label: &str,
) -> Option<RawWarning> {
    let [(a, la), (b, lb)] = parts;
    let sum = ds[a].value + ds[b].value;
    (sum != ds[total].value).then(|| RawWarning {
        kind: "inconsistent_totals",
        message: format!(
            "{la} {} + {lb} {} = {sum}, but {label} is {}",
            ds[a].value, ds[b].value, ds[total].value
        ),
        members: vec![total, a, b],
    })
}

/// Checks each paragraph's dossier counts against each other.
pub fn check(ds: &[RawDossier]) -> Vec<RawWarning> {
    let mut out = Vec::new();
    let mut paras: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, d) in ds.iter().enumerate() {
        paras.entry(d.paragraph).or_default().push(i);
    }
    for idx in paras.values() {
        let first = |m: &str| idx.iter().copied().find(|&i| ds[i].metric == m);
        let val = |i: Option<usize>| i.map(|i| ds[i].value);
        let resolved = first("resolved").or_else(|| {
            idx.iter()
                .copied()
                .find(|&i| ds[i].also_resolved && ds[i].metric.starts_with("received"))
        });
        let on_time = first("resolved_on_time");
        let overdue = first("resolved_overdue");
        if let (Some(r), Some(a), Some(b)) = (resolved, on_time, overdue) {
            out.extend(parts_vs_total(
                ds,
                r,
                [(a, "on time"), (b, "overdue")],
                "resolved",
            ));
        }
        let received = first("received");
        let carried = first("carried_over");
        let in_progress = first("in_progress");
        let done = match (first("resolved"), on_time) {
            (Some(r), _) => Some((ds[r].value, r)),
            (None, Some(a)) => Some((ds[a].value + val(overdue).unwrap_or(0), a)),
            _ => None,
        };
        if let (Some(rc), Some((dv, di)), Some(ip)) = (received, done, in_progress) {
            let total = ds[rc].value + val(carried).unwrap_or(0);
            let sum = dv + ds[ip].value;
            if sum != total {
                let mut members = vec![rc, di, ip];
                members.extend(carried);
                out.push(RawWarning {
                    kind: "inconsistent_totals",
                    message: format!(
                        "resolved {dv} + in progress {} = {sum}, but received{} is {total}",
                        ds[ip].value,
                        if carried.is_some() {
                            " + carried over"
                        } else {
                            ""
                        }
                    ),
                    members,
                });
            }
        }
        let online = first("received_online");
        if let (Some(o), Some(p), Some(f)) = (
            online,
            first("received_online_partial"),
            first("received_online_full"),
        ) {
            out.extend(parts_vs_total(
                ds,
                o,
                [(p, "online partial"), (f, "full")],
                "online",
            ));
        }
        if let Some(rc) = received {
            let parts: Vec<usize> = ["received_online", "received_direct", "received_postal"]
                .iter()
                .filter_map(|m| first(m))
                .collect();
            let sum: u64 = parts.iter().map(|&i| ds[i].value).sum();
            if parts.len() >= 2 && sum != ds[rc].value {
                let mut members = vec![rc];
                members.extend(parts.iter().copied());
                out.push(RawWarning {
                    kind: "inconsistent_totals",
                    message: format!(
                        "received channels add up to {sum}, but received is {}",
                        ds[rc].value
                    ),
                    members,
                });
            } else if let Some(&o) = parts.iter().find(|&&i| ds[i].value > ds[rc].value) {
                out.push(RawWarning {
                    kind: "inconsistent_totals",
                    message: format!(
                        "{} {} exceeds received {}",
                        ds[o].metric, ds[o].value, ds[rc].value
                    ),
                    members: vec![rc, o],
                });
            }
        }
        let para_denom = idx.iter().find_map(|&i| ds[i].denom);
        for &i in idx {
            let Some(p) = ds[i].percent else { continue };
            let base = ds[i].denom.or(para_denom).or_else(|| match ds[i].metric {
                "resolved_on_time" | "resolved_overdue" => match resolved {
                    Some(r) => Some(ds[r].value),
                    None => on_time.map(|a| ds[a].value + val(overdue).unwrap_or(0)),
                },
                m if m.starts_with("received_") => val(received),
                _ => None,
            });
            let Some(base) = base.filter(|&b| b > 0) else {
                continue;
            };
            let computed = ds[i].value as f64 * 100.0 / base as f64;
            if (computed - p).abs() > PERCENT_TOLERANCE {
                out.push(RawWarning {
                    kind: "inconsistent_percent",
                    message: format!(
                        "{} {} of {base} is {computed:.2}%, but the report says {p}%",
                        ds[i].metric, ds[i].value
                    ),
                    members: vec![i],
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(metric: &'static str, value: u64, percent: Option<f64>) -> RawDossier {
        RawDossier {
            span: 0..0,
            metric,
            value,
            percent,
            scope: 0..0,
            paragraph: 0,
            denom: None,
            also_resolved: false,
        }
    }

    #[test]
    fn totals_and_percent() {
        let ds = [
            d("received", 5007, None),
            d("resolved", 4713, None),
            d("resolved_on_time", 4554, Some(96.6)),
            d("resolved_overdue", 159, Some(3.4)),
            d("in_progress", 292, None),
        ];
        let w = check(&ds);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].kind, "inconsistent_totals");
        let ds = [
            d("resolved", 100, None),
            d("resolved_on_time", 90, Some(95.0)),
            d("resolved_overdue", 10, None),
        ];
        let w = check(&ds);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].kind, "inconsistent_percent");
    }
}
