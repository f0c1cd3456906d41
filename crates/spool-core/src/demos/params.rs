//! Demo parameters: each demo declares specs (a GUI shows them as inputs); a run gets checked values.

use serde::Serialize;

use super::DemoError;

/// One whole-number input of a demo, with the range that keeps the demo bounded in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ParamSpec {
    pub name: &'static str,
    pub description: &'static str,
    /// What the value counts, shown beside its input: "ms", "threads", "px".
    pub unit: &'static str,
    pub default: u32,
    pub min: u32,
    pub max: u32,
}

impl ParamSpec {
    fn check(&self, value: u32) -> Result<u32, DemoError> {
        if (self.min..=self.max).contains(&value) {
            Ok(value)
        } else {
            Err(DemoError::ParamOutOfRange {
                name: self.name,
                min: self.min,
                max: self.max,
                got: value,
            })
        }
    }
}

/// The parameter values of one run, in the order the demo declares them; every value is inside
/// its spec's range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    specs: &'static [ParamSpec],
    /// One value per spec, in the same order.
    values: Vec<u32>,
}

impl Params {
    /// The defaults of `specs` with `overrides` applied; a later override of the same name wins.
    pub fn resolve(
        demo: &'static str,
        specs: &'static [ParamSpec],
        overrides: &[(&str, u32)],
    ) -> Result<Params, DemoError> {
        let mut values: Vec<u32> = specs.iter().map(|spec| spec.default).collect();
        for &(name, value) in overrides {
            let index = specs
                .iter()
                .position(|spec| spec.name == name)
                .ok_or_else(|| DemoError::UnknownParam {
                    demo,
                    name: name.to_owned(),
                    known: names(specs),
                })?;
            values[index] = specs[index].check(value)?;
        }
        Ok(Params { specs, values })
    }

    /// The value of `spec`; a spec the demo did not declare reads as its default.
    pub fn get(&self, spec: &ParamSpec) -> u32 {
        self.iter()
            .find(|(name, _)| *name == spec.name)
            .map_or(spec.default, |(_, value)| value)
    }

    /// Every name with its value, in the order the demo declares them.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, u32)> + '_ {
        self.specs
            .iter()
            .map(|spec| spec.name)
            .zip(self.values.iter().copied())
    }
}

fn names(specs: &[ParamSpec]) -> String {
    if specs.is_empty() {
        return "none".to_owned();
    }
    specs
        .iter()
        .map(|spec| spec.name)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORKERS: ParamSpec = ParamSpec {
        name: "workers",
        description: "threads",
        unit: "threads",
        default: 4,
        min: 1,
        max: 64,
    };
    const SPECS: &[ParamSpec] = &[WORKERS];

    #[test]
    fn defaults_apply_without_overrides() {
        let params = Params::resolve("demo", SPECS, &[]).unwrap();
        assert_eq!(params.get(&WORKERS), 4);
    }

    #[test]
    fn overrides_inside_the_range_are_taken() {
        let params = Params::resolve("demo", SPECS, &[("workers", 1), ("workers", 64)]).unwrap();
        assert_eq!(params.get(&WORKERS), 64);
    }

    #[test]
    fn out_of_range_names_the_limit() {
        let err = Params::resolve("demo", SPECS, &[("workers", 0)]).unwrap_err();
        assert_eq!(err.to_string(), "workers must be between 1 and 64, got 0");
        let err = Params::resolve("demo", SPECS, &[("workers", 65)]).unwrap_err();
        assert_eq!(err.to_string(), "workers must be between 1 and 64, got 65");
    }

    #[test]
    fn values_come_in_declared_order() {
        const SPECS: &[ParamSpec] = &[
            ParamSpec {
                name: "zeta",
                description: "",
                unit: "",
                default: 1,
                min: 0,
                max: 9,
            },
            ParamSpec {
                name: "alpha",
                description: "",
                unit: "",
                default: 2,
                min: 0,
                max: 9,
            },
        ];
        let params = Params::resolve("demo", SPECS, &[("alpha", 3)]).unwrap();
        assert_eq!(
            params.iter().collect::<Vec<_>>(),
            vec![("zeta", 1), ("alpha", 3)]
        );
    }

    #[test]
    fn unknown_names_list_the_known_ones() {
        let err = Params::resolve("demo", SPECS, &[("threads", 2)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "demo demo has no parameter \"threads\"; its parameters are: workers"
        );
    }
}
