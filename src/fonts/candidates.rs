//! The role → candidate list of `fonts/candidates.yaml`, compiled in.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Role;

/// One face a role may use: a family or PostScript name, optionally a weight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub family: String,
    /// `Some(700)` for `Name@700`; `None` accepts any weight of the family.
    pub weight: Option<u16>,
}

impl Candidate {
    /// The name shown to users: the family, and the weight when one was
    /// asked for (`Noto Serif CJK SC 粗体`), so a substitution notice says
    /// exactly which face stands in.
    pub fn display_name(&self) -> String {
        match self.weight {
            Some(w) if w >= 600 => format!("{} 粗体", self.family),
            Some(w) if w <= 300 => format!("{} 细体", self.family),
            _ => self.family.clone(),
        }
    }

    /// Parse `Family Name` or `Family Name@700`.
    pub fn parse(spec: &str) -> Candidate {
        match spec.rsplit_once('@') {
            Some((family, weight)) if weight.parse::<u16>().is_ok() => Candidate {
                family: family.trim().to_string(),
                weight: weight.parse().ok(),
            },
            _ => Candidate {
                family: spec.trim().to_string(),
                weight: None,
            },
        }
    }
}

#[derive(Debug, Clone, Default)]
struct RoleCandidates {
    /// 首选: the faces offices have.
    preferred: Vec<Candidate>,
    /// 替代: open substitutes.
    substitutes: Vec<Candidate>,
}

/// Candidate faces for every role.
#[derive(Debug, Clone, Default)]
pub struct CandidateList {
    roles: BTreeMap<Role, RoleCandidates>,
}

#[derive(Deserialize)]
struct RawRole {
    #[serde(rename = "首选", default)]
    preferred: Vec<String>,
    #[serde(rename = "替代", default)]
    substitutes: Vec<String>,
}

const BUILTIN: &str = include_str!("../../fonts/candidates.yaml");

impl CandidateList {
    /// The list shipped in `fonts/candidates.yaml`.
    pub fn builtin() -> CandidateList {
        // The file is part of the binary and covered by a unit test, so a
        // parse failure here is a build defect, not a user error.
        Self::parse(BUILTIN).expect("fonts/candidates.yaml is valid")
    }

    /// Parse a candidate file (the format of `fonts/candidates.yaml`).
    pub fn parse(yaml: &str) -> Result<CandidateList, String> {
        let raw: BTreeMap<String, RawRole> =
            serde_saphyr::from_str(yaml).map_err(|e| e.to_string())?;
        let mut list = CandidateList::default();
        for (name, role_raw) in raw {
            let role = Role::ALL
                .into_iter()
                .find(|r| r.name() == name)
                .ok_or_else(|| format!("未知的字体角色「{name}」"))?;
            list.roles.insert(
                role,
                RoleCandidates {
                    preferred: role_raw
                        .preferred
                        .iter()
                        .map(|s| Candidate::parse(s))
                        .collect(),
                    substitutes: role_raw
                        .substitutes
                        .iter()
                        .map(|s| Candidate::parse(s))
                        .collect(),
                },
            );
        }
        Ok(list)
    }

    /// Every candidate of `role` in order, with whether it is a substitute.
    pub fn for_role(&self, role: Role) -> impl Iterator<Item = (&Candidate, bool)> {
        let entry = self.roles.get(&role);
        let preferred = entry
            .into_iter()
            .flat_map(|r| r.preferred.iter().map(|c| (c, false)));
        let substitutes = entry
            .into_iter()
            .flat_map(|r| r.substitutes.iter().map(|c| (c, true)));
        preferred.chain(substitutes)
    }

    /// This list with `families` tried first for their roles (a profile's
    /// `字体`): they count as preferred faces, not substitutes.
    pub fn with_preferred(&self, families: &[(Role, Vec<String>)]) -> CandidateList {
        let mut list = self.clone();
        for (role, names) in families {
            let entry = list.roles.entry(*role).or_default();
            let mut preferred: Vec<Candidate> = names.iter().map(|n| Candidate::parse(n)).collect();
            preferred.append(&mut entry.preferred);
            entry.preferred = preferred;
        }
        list
    }

    /// The 首选 candidates of `role`.
    pub fn preferred(&self, role: Role) -> &[Candidate] {
        self.roles
            .get(&role)
            .map(|r| r.preferred.as_slice())
            .unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_list_names_every_role_with_an_open_substitute() {
        let list = CandidateList::parse(BUILTIN).unwrap();
        for role in Role::ALL {
            assert!(!list.preferred(role).is_empty(), "{}", role.name());
            assert!(
                list.for_role(role).any(|(_, sub)| sub),
                "{} has no open substitute",
                role.name()
            );
        }
    }

    #[test]
    fn weight_suffix_is_parsed() {
        let c = Candidate::parse("Noto Serif CJK SC@700");
        assert_eq!(c.family, "Noto Serif CJK SC");
        assert_eq!(c.display_name(), "Noto Serif CJK SC 粗体");
        assert_eq!(c.weight, Some(700));
        assert_eq!(Candidate::parse("仿宋").weight, None);
    }

    #[test]
    fn unknown_role_is_rejected() {
        assert!(CandidateList::parse("隶书:\n  首选: [隶书]\n").is_err());
    }
}
