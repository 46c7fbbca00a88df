"""``python -m eqlib.synth`` (``make data``): write the synthetic organisation."""

from eqlib.synth.files import main

main()
