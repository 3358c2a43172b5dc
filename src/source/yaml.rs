//! The YAML of the front matter (前置元数据) as a small tree of values that
//! remember where they were written.
//!
//! We do not deserialize straight into typed structs: serde's messages would be
//! English and would not name the key as the author spelt it. Instead the YAML
//! is read into [`Value`]s with positions, and `front_matter` converts them to
//! the model with messages of its own.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use crate::model::SourcePos;

/// A YAML node with the place it was written (file line and column).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Value {
    pub kind: Kind,
    pub pos: SourcePos,
}

/// What a YAML node holds. Every scalar is kept as the text the author wrote,
/// because `1.` (a float to YAML) is a numbering pattern and `2020-12-28` a date.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// `~`, `null` or nothing after the colon.
    Null,
    /// Any other scalar; `integer` records that YAML read it as an integer
    /// (份号 `1` is then padded to `000001`).
    Scalar {
        text: String,
        integer: bool,
    },
    Seq(Vec<Value>),
    Map(Vec<(Value, Value)>),
}

impl Kind {
    /// The Chinese name of the node's type, for "应为字符串，这里是列表".
    pub fn describe(&self) -> &'static str {
        match self {
            Kind::Null => "空值",
            Kind::Scalar { .. } => "字符串",
            Kind::Seq(_) => "列表",
            Kind::Map(_) => "映射",
        }
    }
}

/// A YAML error, already placed in the file and worded in Chinese.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YamlError {
    pub pos: SourcePos,
    pub message: String,
}

/// Parse the YAML text of a front matter block. `first_line` is the file line
/// of the block's first line: the parser counts from 1 within the block.
pub(crate) fn parse(yaml: &str, first_line: u32) -> Result<Value, YamlError> {
    parse_as(yaml, first_line, "前置元数据")
}

/// [`parse`] for YAML that is not a front matter (a profile file): `what`
/// names it in syntax messages.
pub(crate) fn parse_as(yaml: &str, first_line: u32, what: &str) -> Result<Value, YamlError> {
    let options = serde_saphyr::options! {
        // Repeated keys reach our visitor so that the message can be Chinese
        // and name both places.
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
        // The snippet is ours to render (Diagnostic shows the line).
        with_snippet: false,
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
        non_finite_float_policy: serde_saphyr::options::NonFiniteFloatPolicy::AsString,
    };
    let placer = Placer { yaml, first_line };
    match serde_saphyr::from_str_with_options::<Option<Spanned<RawNode>>>(yaml, options) {
        Ok(Some(node)) => Ok(placer.value(node)),
        Ok(None) => Ok(Value {
            kind: Kind::Null,
            pos: SourcePos {
                line: first_line,
                column: 1,
            },
        }),
        Err(err) => {
            let pos = err
                .location()
                .map(|loc| placer.pos(loc))
                .unwrap_or(SourcePos {
                    line: first_line,
                    column: 1,
                });
            Err(YamlError {
                pos,
                message: syntax_message(&err, what),
            })
        }
    }
}

/// The Chinese wording of a parser error, keeping the parser's own text
/// (without its location, which the diagnostic already shows) for searching.
fn syntax_message(err: &serde_saphyr::Error, what: &str) -> String {
    let text = err.to_string();
    // The parser appends " at line N, column M" in block lines; the
    // diagnostic shows the place itself, in file lines.
    let text = match text.find(" at line ") {
        Some(i) => text.get(..i).unwrap_or(&text).to_string(),
        None => text,
    };
    let text = text.trim();
    let explained = EXPLANATIONS
        .iter()
        .find(|(needle, _)| text.contains(needle))
        .map(|(_, zh)| *zh);
    match (explained, text.is_empty()) {
        (Some(zh), false) => format!("{what}的 YAML 格式有误：{zh}（{text}）"),
        (Some(zh), true) => format!("{what}的 YAML 格式有误：{zh}"),
        (None, false) => format!("{what}的 YAML 格式有误（{text}）"),
        (None, true) => format!("{what}的 YAML 格式有误"),
    }
}

/// Chinese explanations of the parser messages an author is likely to meet.
const EXPLANATIONS: [(&str, &str); 16] = [
    ("unclosed bracket", "括号没有配对"),
    ("unclosed quote", "引号没有配对"),
    ("mapping values are not allowed", "这里不能出现「键: 值」"),
    ("did not find expected key", "缺少键，或缩进没有对齐"),
    ("expected ':'", "缺少冒号 `:`"),
    ("tab", "不能用制表符（Tab）缩进"),
    ("invalid indentation", "缩进不正确"),
    ("expected '-' indicator", "列表项的缩进不一致"),
    (
        "block sequence entries are not allowed",
        "这里不能开始 `-` 列表",
    ),
    ("did not find expected node content", "缺少值"),
    ("quoted scalar", "引号中的内容有误"),
    ("unexpected eof", "内容意外结束，括号或引号可能没有配对"),
    ("unexpected end", "内容意外结束，括号或引号可能没有配对"),
    ("misplaced bracket", "括号的位置不对"),
    ("unknown anchor", "引用了未定义的锚点"),
    ("recursion limit", "嵌套层次太深"),
];

/// Turns parser locations (block-relative) into file positions, and recovers
/// the written text of scalars that YAML typed as numbers or booleans.
struct Placer<'a> {
    yaml: &'a str,
    first_line: u32,
}

impl Placer<'_> {
    fn pos(&self, loc: Location) -> SourcePos {
        let line = u32::try_from(loc.line()).unwrap_or(u32::MAX);
        let column = u32::try_from(loc.column()).unwrap_or(u32::MAX);
        if line == 0 {
            // Location::UNKNOWN: point at the start of the block.
            return SourcePos {
                line: self.first_line,
                column: 1,
            };
        }
        SourcePos {
            line: line.saturating_add(self.first_line).saturating_sub(1),
            column: column.max(1),
        }
    }

    /// The scalar as written, when the parser reports its byte span.
    fn written(&self, loc: Location) -> Option<&str> {
        let span = loc.span();
        let start = usize::try_from(span.byte_offset()?).ok()?;
        let len = usize::try_from(span.byte_len()?).ok()?;
        let text = self.yaml.get(start..start.checked_add(len)?)?.trim();
        (!text.is_empty()).then_some(text)
    }

    fn value(&self, node: Spanned<RawNode>) -> Value {
        let pos = self.pos(node.referenced);
        let kind = match node.value {
            RawNode::Null => Kind::Null,
            RawNode::Str(text) => Kind::Scalar {
                text,
                integer: false,
            },
            RawNode::Typed { shown, integer } => {
                let text = match self.written(node.defined) {
                    // A flow collection may report a span that runs past the
                    // scalar; only trust spans that stop at the scalar's end.
                    Some(w) if !w.contains([',', ']', '}', '\n', '#']) => w.to_string(),
                    _ => shown,
                };
                Kind::Scalar { text, integer }
            }
            RawNode::Seq(items) => Kind::Seq(items.into_iter().map(|i| self.value(i)).collect()),
            RawNode::Map(entries) => Kind::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| (self.value(k), self.value(v)))
                    .collect(),
            ),
        };
        Value { kind, pos }
    }
}

/// What the deserializer hands us, before positions are made file-relative.
#[derive(Debug)]
enum RawNode {
    Null,
    Str(String),
    /// A number or boolean: `shown` is its formatted value, used only when
    /// the written text cannot be recovered.
    Typed {
        shown: String,
        integer: bool,
    },
    Seq(Vec<Spanned<RawNode>>),
    Map(Vec<(Spanned<RawNode>, Spanned<RawNode>)>),
}

impl<'de> Deserialize<'de> for RawNode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawNode;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawNode, E> {
        Ok(RawNode::Typed {
            shown: v.to_string(),
            integer: false,
        })
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawNode, E> {
        Ok(RawNode::Typed {
            shown: v.to_string(),
            integer: true,
        })
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawNode, E> {
        Ok(RawNode::Typed {
            shown: v.to_string(),
            integer: true,
        })
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<RawNode, E> {
        Ok(RawNode::Typed {
            shown: v.to_string(),
            integer: true,
        })
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<RawNode, E> {
        Ok(RawNode::Typed {
            shown: v.to_string(),
            integer: true,
        })
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawNode, E> {
        Ok(RawNode::Typed {
            shown: v.to_string(),
            integer: false,
        })
    }

    fn visit_char<E: de::Error>(self, v: char) -> Result<RawNode, E> {
        Ok(RawNode::Str(v.to_string()))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawNode, E> {
        Ok(RawNode::Str(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<RawNode, E> {
        Ok(RawNode::Str(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<RawNode, E> {
        Ok(RawNode::Str(String::from_utf8_lossy(v).into_owned()))
    }

    fn visit_none<E: de::Error>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }

    fn visit_unit<E: de::Error>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawNode, D::Error> {
        RawNode::deserialize(deserializer)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<RawNode, D::Error> {
        RawNode::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawNode, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<RawNode>>()? {
            items.push(item);
        }
        Ok(RawNode::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawNode, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<RawNode>>()? {
            let value = map.next_value::<Spanned<RawNode>>()?;
            entries.push((key, value));
        }
        Ok(RawNode::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(text: &str) -> Kind {
        Kind::Scalar {
            text: text.to_string(),
            integer: false,
        }
    }

    #[test]
    fn keeps_positions_and_written_text() {
        let yaml =
            "标题: 关于x的通知\n编号: [一、, （一）, 1., （1）]\n份号: 1\n日期: 2020-12-28\n";
        let v = parse(yaml, 2).expect("valid yaml");
        let Kind::Map(entries) = &v.kind else {
            panic!("not a map: {v:?}")
        };
        let (k, val) = &entries[0];
        assert_eq!(k.kind, scalar("标题"));
        assert_eq!(k.pos, SourcePos { line: 2, column: 1 });
        assert_eq!(val.pos, SourcePos { line: 2, column: 5 });
        let (_, numbering) = &entries[1];
        let Kind::Seq(items) = &numbering.kind else {
            panic!("not a seq")
        };
        assert_eq!(items[2].kind, scalar("1."));
        assert_eq!(
            items[2].pos,
            SourcePos {
                line: 3,
                column: 15
            }
        );
        assert_eq!(
            entries[2].1.kind,
            Kind::Scalar {
                text: "1".into(),
                integer: true
            }
        );
        assert_eq!(entries[3].1.kind, scalar("2020-12-28"));
    }

    #[test]
    fn duplicate_keys_reach_us() {
        let v = parse("a: 1\na: 2\n", 2).expect("valid yaml");
        let Kind::Map(entries) = &v.kind else {
            panic!("not a map")
        };
        assert_eq!(entries.len(), 2);
    }

    #[test]
    fn syntax_error_is_placed_in_file_lines() {
        let err = parse("标题: x\n  - a: [\n", 2).expect_err("bad yaml");
        eprintln!("{err:?}");
        assert!(err.pos.line >= 3, "{err:?}");
        assert!(err.message.starts_with("前置元数据的 YAML 格式有误"));
    }

    #[test]
    fn empty_block_is_null() {
        assert_eq!(parse("", 2).expect("empty").kind, Kind::Null);
        assert_eq!(parse("# 注释\n", 2).expect("comment").kind, Kind::Null);
    }
}
