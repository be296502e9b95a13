"""Schemathesis hooks: how to make bodies of the media types it cannot generate by itself.

Photo batches are ZIP files (`application/zip`): the fuzzer sends real small ZIPs (a manifest with a
photo that is not an image, one without a manifest, one with a path-traversal name) and random bytes.
"""

import io
import zipfile

import schemathesis
from hypothesis import strategies as st


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


MANIFEST = "file,school_name,name,id_number,captured_on\na.jpg,北京大学,王小明,11019920050314011X,2026-06-01\n"

schemathesis.openapi.media_type(
    "application/zip",
    st.one_of(
        st.sampled_from(
            [
                _zip([("manifest.csv", MANIFEST), ("a.jpg", b"not a photo")]),
                _zip([("a.jpg", b"no manifest")]),
                _zip([("manifest.csv", MANIFEST), ("../evil.jpg", b"x")]),
            ]
        ),
        st.binary(max_size=256),
    ),
)
