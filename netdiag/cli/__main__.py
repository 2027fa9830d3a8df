"""`python -m netdiag.cli`"""

from .app import main

main()
