"""Tracking after "diakomodir" (issue 17 point 5): what an accepted usulan became (program,
kegiatan, OPD, RKPD pagu, APBD status) and how far its realisation got, as dated, append-only
updates entered by Bappeda or imported, shown on the public tracker and in the musrenbang
summary's funnel. ``models``, ``policies``, ``rules``, ``services``, ``queries``,
``importing`` and its ``import_template``; views in ``participation.musrenbang.views.tracking``.
Must not import Flask."""
