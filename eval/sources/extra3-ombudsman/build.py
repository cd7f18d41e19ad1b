#!/usr/bin/env python3
"""Build this folder's documents with ../extra-ombudsman/build.py: the same source format (see that
file's docstring) and the same checks, reading src/ here and writing docs/ and manifest.tsv here."""
import importlib.util
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("builder", HERE.parent / "extra-ombudsman" / "build.py")
builder = importlib.util.module_from_spec(spec)
spec.loader.exec_module(builder)
builder.ROOT = HERE
for name, sub in (("SRC", "src"), ("OUT", "docs")):
    if hasattr(builder, name):
        setattr(builder, name, HERE / sub)

if __name__ == "__main__":
    builder.main()
