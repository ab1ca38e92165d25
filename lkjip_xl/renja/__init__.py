"""The quarterly Renja evaluation of Permendagri 86/2017 ("Evaluasi terhadap Hasil Renja Perangkat
Daerah"), the second report kind of lkjip-xl.

Built like the LKjIP kind: a typed model (:mod:`.model`) loaded from a ``jenis: renja`` report file
(:mod:`.loader`), one layout (:mod:`.layout`) shared by the writer (:mod:`.writer`), the reader
(:mod:`.reader`) and the checks (:mod:`.checks`), formulas built from the rules (:mod:`.plan`),
the figures the rules give (:mod:`.calc`), the export (:mod:`.export`) and the summary
(:mod:`.summary`). :mod:`.form` recognises an office's own Renja form and :mod:`.importer` turns
it into a report file, reporting where the original contradicts itself.
"""
