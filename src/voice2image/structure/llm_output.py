"""What an LLM structurer must write: the JSON schema it is decoded under (the
`StructuredDescription` fields without the bookkeeping `version` and `sources`), the JSON of a
few-shot example in the same layout, and the parser that validates an answer."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from voice2image.schema import StructuredDescription

BOOKKEEPING = ("version", "sources")
# Bounds on the decoded output, not on the schema: a small model under a grammar can otherwise
# repeat list items or string characters until max_tokens. Twice the largest dev value or more.
MAX_LIST_ITEMS = 5
MAX_PHRASE_CHARS = 60


def _bounded(node: dict[str, Any]) -> dict[str, Any]:
    """Inline nullable strings and lists with length bounds (llama.cpp's grammar converter
    reads maxItems and maxLength)."""
    kinds = {option.get("type") for option in node.get("anyOf", [node])}
    if "array" in kinds:
        return {**node, "maxItems": MAX_LIST_ITEMS}
    if kinds == {"string"}:
        return {"type": "string", "minLength": 1, "maxLength": MAX_PHRASE_CHARS}
    if kinds == {"string", "null"}:
        return {"anyOf": [{"type": "string", "minLength": 1, "maxLength": MAX_PHRASE_CHARS},
                          {"type": "null"}]}  # fmt: skip
    return node


def output_schema(omit_empty: bool = True) -> dict[str, Any]:
    """The JSON schema of the answer, self-contained (no $ref). `omit_empty`: only `subjects`
    (and a subject's `noun`) are required, so an empty slot costs no tokens; otherwise every
    key must be written, null or [] when empty. Keys keep the schema's order either way."""
    full = StructuredDescription.model_json_schema()
    subject = full["$defs"]["Subject"]
    subject_properties = {
        "noun": {"type": "string", "minLength": 1, "maxLength": MAX_PHRASE_CHARS},
        "count": {"type": "integer"},
        "attributes": {
            "type": "array",
            "items": {"type": "string", "minLength": 1, "maxLength": MAX_PHRASE_CHARS},
            "maxItems": MAX_LIST_ITEMS,
        },
    }
    assert list(subject_properties) == list(subject["properties"]), "Subject fields changed"
    properties: dict[str, Any] = {}
    for name, node in full["properties"].items():
        if name in BOOKKEEPING:
            continue
        if name == "subjects":
            items = {
                "type": "object",
                "properties": subject_properties,
                "required": ["noun"] if omit_empty else list(subject_properties),
                "additionalProperties": False,
            }
            properties[name] = {"type": "array", "items": items, "maxItems": MAX_LIST_ITEMS}
            continue
        node = {k: v for k, v in node.items() if k not in ("default", "title")}
        if node.get("type") == "array":
            node["items"] = {"type": "string", "minLength": 1, "maxLength": MAX_PHRASE_CHARS}
        properties[name] = _bounded(node)
    return {
        "type": "object",
        "properties": properties,
        "required": ["subjects"] if omit_empty else list(properties),
        "additionalProperties": False,
    }


def answer_fields(description: StructuredDescription, omit_empty: bool = True) -> dict[str, Any]:
    """`description` as the model should write it, in the schema's key order."""
    data = description.model_dump(exclude=set(BOOKKEEPING))
    if not omit_empty:
        return data
    subjects = []
    for subject in data["subjects"]:
        kept = {"noun": subject["noun"]}
        if subject["count"] != 1:
            kept["count"] = subject["count"]
        if subject["attributes"]:
            kept["attributes"] = subject["attributes"]
        subjects.append(kept)
    rest = {k: v for k, v in data.items() if k != "subjects" and v not in (None, [])}
    return {"subjects": subjects, **rest}


def answer_json(description: StructuredDescription, omit_empty: bool = True) -> str:
    return json.dumps(answer_fields(description, omit_empty), ensure_ascii=False)


def parse_json(text: str) -> StructuredDescription:
    """The first balanced JSON object in `text`, validated; ValueError says what is wrong."""
    start = text.find("{")
    if start < 0:
        raise ValueError("no JSON object in the output")
    depth = 0
    in_string = False
    escaped = False
    for index in range(start, len(text)):
        char = text[index]
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return _validated(text[start : index + 1])
    raise ValueError("unbalanced JSON object in the output")


def _validated(blob: str) -> StructuredDescription:
    try:
        data = json.loads(blob)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise ValueError("the JSON is not an object")
    for key in BOOKKEEPING:
        data.pop(key, None)
    try:
        return StructuredDescription.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ValueError(f"schema mismatch at '{where}': {first['msg']}") from None
