//! Every missing required field of a document at once. serde stops at the first missing field,
//! so an editor would need a run per field; here the document is read a second time as plain
//! YAML (a tree of keys with their positions) and compared with the fields its raw struct
//! requires.
//!
//! Which fields a struct requires is asked of serde itself, never listed by hand (a list would
//! drift from the structs): a probe deserializer offers the struct every field it names, filled
//! with a placeholder, then the same minus one field; the field is required exactly when the
//! struct then fails with "missing field". The probe also notes what kind of value each field
//! takes, for the help's example line.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use serde::{Deserialize, Deserializer};

use super::Located;
use crate::diag::Pos;

/// A path of field names from the document's top (`["location", "lat"]`); list items share
/// their list's path.
pub(super) type Path = Vec<&'static str>;

/// What kind of value a field takes, as the help says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Text,
    Number,
    WholeNumber,
    TrueFalse,
    List,
    Fields,
    Other,
}

/// The fields of every struct of a raw type, by path: which exist, which are required, what
/// each takes.
#[derive(Debug, Default)]
pub(super) struct Schema {
    pub structs: BTreeMap<Path, &'static [&'static str]>,
    pub required: BTreeSet<Path>,
    pub kinds: BTreeMap<Path, Kind>,
}

impl Schema {
    /// Asks serde for `T`'s fields. `None` when a type can't be probed (an enum, a custom
    /// deserializer): then only serde's own first missing field is reported.
    pub(super) fn of<T: DeserializeOwned>() -> Option<Schema> {
        let state = State::default();
        T::deserialize(Probe::new(&state, Vec::new())).ok()?;
        let mut schema = Schema {
            structs: state.structs.take(),
            required: BTreeSet::new(),
            kinds: state.kinds.take(),
        };
        for (path, fields) in &schema.structs {
            for field in *fields {
                let mut full = path.clone();
                full.push(field);
                let state = State {
                    omit: Some(full.clone()),
                    ..State::default()
                };
                if let Err(e) = T::deserialize(Probe::new(&state, Vec::new()))
                    && e.missing == Some(*field)
                {
                    schema.required.insert(full);
                }
            }
        }
        Some(schema)
    }

    /// The required fields of the struct at `path`, in declaration order.
    pub(super) fn required_at(&self, path: &Path) -> Vec<&'static str> {
        let Some(fields) = self.structs.get(path) else {
            return Vec::new();
        };
        fields
            .iter()
            .filter(|f| {
                let mut full = path.clone();
                full.push(f);
                self.required.contains(&full)
            })
            .copied()
            .collect()
    }

    pub(super) fn kind(&self, path: &Path, field: &'static str) -> Kind {
        let mut full = path.clone();
        full.push(field);
        self.kinds.get(&full).copied().unwrap_or(Kind::Other)
    }
}

/// A required field the document lacks: the path of the struct, the field, and where the
/// struct is written (`None` for the document's top, which README puts at the opening `---`).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Missing {
    pub path: Path,
    pub field: &'static str,
    /// The key the struct is written under and its position, and whether it is an entry of
    /// that key's list.
    pub under: Option<Under>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Under {
    pub key: String,
    pub pos: Pos,
    pub entry: bool,
}

/// Every required field missing from `node` (the document as plain YAML), in file order.
pub(super) fn missing(schema: &Schema, node: &Node) -> Vec<Missing> {
    let mut out = Vec::new();
    walk(schema, &Vec::new(), node, None, &mut out);
    out
}

fn walk(schema: &Schema, path: &Path, node: &Node, under: Option<Under>, out: &mut Vec<Missing>) {
    let Some(fields) = schema.structs.get(path) else {
        return;
    };
    match node {
        Node::Map(entries) => {
            for field in schema.required_at(path) {
                if !entries.iter().any(|(k, _, _)| k == field) {
                    out.push(Missing {
                        path: path.clone(),
                        field,
                        under: under.clone(),
                    });
                }
            }
            for (key, pos, child) in entries {
                if let Some(field) = fields.iter().find(|f| **f == key.as_str()) {
                    let mut child_path = path.clone();
                    child_path.push(field);
                    let under = Under {
                        key: key.clone(),
                        pos: *pos,
                        entry: false,
                    };
                    walk(schema, &child_path, child, Some(under), out);
                }
            }
        }
        Node::Seq(items) => {
            let key = under.map(|u| u.key).unwrap_or_default();
            for (pos, item) in items {
                let under = Under {
                    key: key.clone(),
                    pos: *pos,
                    entry: true,
                };
                walk(schema, path, item, Some(under), out);
            }
        }
        Node::Scalar => {}
    }
}

/// A YAML document as plain data: keys with their positions, list items with theirs.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
    Map(Vec<(String, Pos, Node)>),
    Seq(Vec<(Pos, Node)>),
    Scalar,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Located<Key>>()? {
            let value = map.next_value::<Node>()?;
            entries.push((key.value.0, key.pos, value));
        }
        Ok(Node::Map(entries))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Located<Node>>()? {
            items.push((item.pos, item.value));
        }
        Ok(Node::Seq(items))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar)
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
        Ok(Node::Scalar)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }

    fn visit_i128<E>(self, _: i128) -> Result<Node, E> {
        Ok(Node::Scalar)
    }

    fn visit_u128<E>(self, _: u128) -> Result<Node, E> {
        Ok(Node::Scalar)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }

    fn visit_str<E>(self, _: &str) -> Result<Node, E> {
        Ok(Node::Scalar)
    }

    fn visit_bytes<E>(self, _: &[u8]) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
}

/// A mapping key as text, whatever scalar it was written as (`1:` is the key "1").
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E>(self, v: &str) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<Key, E> {
                Ok(Key(String::new()))
            }
            fn visit_none<E>(self) -> Result<Key, E> {
                Ok(Key(String::new()))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Key, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Key(String::new()))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Key, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(Key(String::new()))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

/// What one probe run saw.
#[derive(Default)]
struct State {
    omit: Option<Path>,
    structs: RefCell<BTreeMap<Path, &'static [&'static str]>>,
    kinds: RefCell<BTreeMap<Path, Kind>>,
}

/// The probe's error: serde's "missing field" is kept as data, anything else is opaque.
#[derive(Debug)]
struct ProbeError {
    missing: Option<&'static str>,
}

impl fmt::Display for ProbeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "probe: missing {:?}", self.missing)
    }
}

impl std::error::Error for ProbeError {}

impl de::Error for ProbeError {
    fn custom<T: fmt::Display>(_: T) -> Self {
        ProbeError { missing: None }
    }

    fn missing_field(field: &'static str) -> Self {
        ProbeError {
            missing: Some(field),
        }
    }
}

/// Answers every request with a placeholder: empty text, zero, `false`, a one-item list, a
/// struct with all its fields. Not human-readable, so [`Located`] asks it for the plain value
/// (it has no positions to give).
struct Probe<'a> {
    state: &'a State,
    path: Path,
    /// Set while the value of a field is being filled and its kind is not noted yet.
    fresh: bool,
}

impl<'a> Probe<'a> {
    fn new(state: &'a State, path: Path) -> Self {
        Probe {
            state,
            path,
            fresh: false,
        }
    }

    fn note(&self, kind: Kind) {
        if self.fresh && !self.path.is_empty() {
            self.state
                .kinds
                .borrow_mut()
                .entry(self.path.clone())
                .or_insert(kind);
        }
    }
}

macro_rules! probe_numbers {
    ($($method:ident => $visit:ident($value:expr), $kind:expr;)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
                self.note($kind);
                visitor.$visit($value)
            }
        )*
    };
}

impl<'de> Deserializer<'de> for Probe<'_> {
    type Error = ProbeError;

    fn is_human_readable(&self) -> bool {
        false
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        self.note(Kind::Other);
        visitor.visit_unit()
    }

    probe_numbers! {
        deserialize_bool => visit_bool(false), Kind::TrueFalse;
        deserialize_i8 => visit_i8(0), Kind::WholeNumber;
        deserialize_i16 => visit_i16(0), Kind::WholeNumber;
        deserialize_i32 => visit_i32(0), Kind::WholeNumber;
        deserialize_i64 => visit_i64(0), Kind::WholeNumber;
        deserialize_u8 => visit_u8(0), Kind::WholeNumber;
        deserialize_u16 => visit_u16(0), Kind::WholeNumber;
        deserialize_u32 => visit_u32(0), Kind::WholeNumber;
        deserialize_u64 => visit_u64(0), Kind::WholeNumber;
        deserialize_f32 => visit_f32(0.0), Kind::Number;
        deserialize_f64 => visit_f64(0.0), Kind::Number;
        deserialize_char => visit_char('x'), Kind::Text;
        deserialize_str => visit_str(""), Kind::Text;
        deserialize_string => visit_str(""), Kind::Text;
        deserialize_identifier => visit_str(""), Kind::Text;
        deserialize_bytes => visit_bytes(&[]), Kind::Other;
        deserialize_byte_buf => visit_bytes(&[]), Kind::Other;
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        visitor.visit_unit()
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        // Some, so the fields of optional structs are probed too.
        visitor.visit_some(self)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        self.note(Kind::List);
        let item = Probe::new(self.state, self.path.clone());
        visitor.visit_seq(OneItem(Some(item)))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, v: V) -> Result<V::Value, ProbeError> {
        self.deserialize_seq(v)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        v: V,
    ) -> Result<V::Value, ProbeError> {
        self.deserialize_seq(v)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        self.note(Kind::Other);
        visitor.visit_map(de::value::MapDeserializer::new(std::iter::empty::<(
            &str,
            &str,
        )>()))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        self.note(Kind::Fields);
        self.state
            .structs
            .borrow_mut()
            .entry(self.path.clone())
            .or_insert(fields);
        visitor.visit_map(Fields {
            state: self.state,
            path: self.path,
            fields: fields.iter(),
            next: None,
        })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, ProbeError> {
        Err(ProbeError { missing: None })
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        visitor.visit_unit()
    }
}

struct OneItem<'a>(Option<Probe<'a>>);

impl<'de> de::SeqAccess<'de> for OneItem<'_> {
    type Error = ProbeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ProbeError> {
        self.0.take().map(|p| seed.deserialize(p)).transpose()
    }
}

/// A struct's fields, each with a placeholder value, less the one being omitted.
struct Fields<'a> {
    state: &'a State,
    path: Path,
    fields: std::slice::Iter<'static, &'static str>,
    next: Option<&'static str>,
}

impl<'de> de::MapAccess<'de> for Fields<'_> {
    type Error = ProbeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ProbeError> {
        for field in self.fields.by_ref() {
            let mut full = self.path.clone();
            full.push(field);
            if self.state.omit.as_ref() == Some(&full) {
                continue;
            }
            self.next = Some(field);
            let key: de::value::StrDeserializer<'_, ProbeError> = field.into_deserializer();
            return seed.deserialize(key).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, ProbeError> {
        let mut path = self.path.clone();
        path.extend(self.next.take());
        seed.deserialize(Probe {
            state: self.state,
            path,
            fresh: true,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        name: Located<String>,
        #[serde(default)]
        note: Option<String>,
        count: u32,
        location: Located<Inner>,
        #[serde(default)]
        stops: Vec<Inner>,
        maybe: Option<Inner>,
        #[serde(rename = "带队老师", default)]
        teacher: u32,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        lat: f64,
        #[serde(default)]
        datum: Option<String>,
        tags: Vec<String>,
    }

    #[test]
    fn serde_says_which_fields_are_required() {
        let schema = Schema::of::<Outer>().unwrap();
        assert_eq!(
            schema.required_at(&vec![]),
            vec!["name", "count", "location"]
        );
        for path in [vec!["location"], vec!["stops"], vec!["maybe"]] {
            assert_eq!(schema.required_at(&path), vec!["lat", "tags"], "{path:?}");
        }
        assert_eq!(schema.kind(&vec![], "name"), Kind::Text);
        assert_eq!(schema.kind(&vec![], "count"), Kind::WholeNumber);
        assert_eq!(schema.kind(&vec![], "location"), Kind::Fields);
        assert_eq!(schema.kind(&vec![], "stops"), Kind::List);
        assert_eq!(schema.kind(&vec!["location"], "lat"), Kind::Number);
    }
}
