"""Facts: the seed articles, the fact ledger, and the checker that ties the game to them.

The game is documentary, so every fact it states must come from the seed articles
(``seeds/*.txt``), and a player must be able to see where. This package holds:

- :mod:`corpus`: the seeds, split into sentences that keep their file, line and column;
- :mod:`ledger`: the fact ledger (``scenes/facts/ledger.yaml``): facts, evidence, variants, glossary;
- :mod:`values`, :mod:`zones`, :mod:`mentions`, :mod:`names`: reading typed values out of text;
- :mod:`attribution`: deciding which fact a mention in a sentence speaks about, and whether it agrees;
- :mod:`checks`: the ledger against the seeds (quotes, values, conflicts);
- :mod:`prose`: the scenes against the ledger;
- :mod:`story`: the one entry point the content loader calls; :mod:`report`: ``challenge facts``.

It imports neither the engine nor any UI: the loader turns its plain results into
the engine's ``FactView`` objects.
"""
