"""The API's request bodies, bounded, every refusal a JSON answer in the user's language.

DRF's own ``JSONParser`` and ``FormParser`` make it read ``request.body`` before they are
called, where Django raises ``RequestDataTooBig`` for a body over
``DATA_UPLOAD_MAX_MEMORY_SIZE`` and answers with its HTML "Bad Request (400)" page. These
parsers read the stream themselves: a body over ``API_MAX_BODY_BYTES`` is a 413, a JSON
document nested deeper than ``API_MAX_JSON_DEPTH`` a 400 (found by a scan before
``json.loads``, whose recursion would otherwise end in a ``RecursionError``: a 500), and a
form with too many fields a 400. They raise DRF's exceptions, so whichever exception handler
is set renders them as JSON.
"""

from __future__ import annotations

import codecs
import json
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import QueryDict
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.settings import api_settings
from rest_framework.utils import json as drf_json

# A JSON string, escapes included: what the depth scan leaves out.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request is too large.")
    default_code = "request_too_large"


def too_large() -> RequestTooLarge:
    return RequestTooLarge(
        _("The request is too large: at most %(size)s.")
        % {"size": filesizeformat(settings.API_MAX_BODY_BYTES)}
    )


def read_bounded(stream, parser_context) -> bytes:
    """The body, refused before it is read when its length is over the limit. Within it, read
    as DRF reads it (``request.body``, kept on the request for whatever reads it later)."""
    request = (parser_context or {}).get("request")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
    except ValueError:
        length = 0
    if length > settings.API_MAX_BODY_BYTES:
        raise too_large()
    if request is None:
        return stream.read() if stream is not None else b""
    try:
        return request.body
    except RequestDataTooBig as exc:  # DATA_UPLOAD_MAX_MEMORY_SIZE set below the API's limit
        raise too_large() from exc


def nested_deeper(text: str, limit: int) -> bool:
    """Whether the arrays and objects of a JSON text nest deeper than ``limit`` (brackets
    inside strings do not count), found without recursion and without reading past the
    first bracket too deep."""
    depth = 0
    for bracket in _NOT_A_BRACKET.sub("", _STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _encoding(parser_context) -> str:
    return (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)


class BoundedJSONParser(parsers.BaseParser):
    """JSON as DRF's ``JSONParser`` reads it (strict: no NaN), within the body and depth limits."""

    media_type = "application/json"
    renderer_class = parsers.JSONParser.renderer_class
    strict = api_settings.STRICT_JSON

    def parse(self, stream, media_type=None, parser_context=None):
        body = read_bounded(stream, parser_context)
        try:
            text = codecs.decode(body, _encoding(parser_context))
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(_("The request body is not text in UTF-8.")) from exc
        depth = settings.API_MAX_JSON_DEPTH
        if nested_deeper(text, depth):
            raise ParseError(
                _("The JSON is nested too deeply: at most %(depth)d levels.") % {"depth": depth}
            )
        try:
            return drf_json.loads(
                text, parse_constant=drf_json.strict_constant if self.strict else None
            )
        except json.JSONDecodeError as exc:
            raise ParseError(
                _("The request body is not valid JSON (line %(line)d, column %(column)d).")
                % {"line": exc.lineno, "column": exc.colno}
            ) from exc
        except ValueError as exc:  # NaN or Infinity, which JSON does not have
            raise ParseError(_("The request body is not valid JSON.")) from exc


def _too_many_fields() -> ParseError:
    return ParseError(
        _("The form has too many fields: at most %(n)d.")
        % {"n": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}
    )


class BoundedFormParser(parsers.BaseParser):
    """A form (``application/x-www-form-urlencoded``) within the body and field limits."""

    media_type = "application/x-www-form-urlencoded"

    def parse(self, stream, media_type=None, parser_context=None):
        body = read_bounded(stream, parser_context)
        try:
            return QueryDict(body, encoding=_encoding(parser_context))
        except TooManyFieldsSent as exc:
            raise _too_many_fields() from exc


class BoundedMultiPartParser(parsers.MultiPartParser):
    """A multipart form: its fields within ``DATA_UPLOAD_*`` (Django counts them; files are
    ``FILE_UPLOAD_*``'s), its refusals in JSON."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RequestDataTooBig as exc:
            raise RequestTooLarge(
                _("The form's fields are too large: at most %(size)s.")
                % {"size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}
            ) from exc
        except TooManyFieldsSent as exc:
            raise _too_many_fields() from exc
