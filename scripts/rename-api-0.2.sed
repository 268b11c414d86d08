# rename-api-0.2.sed - the public names of grille 0.2 (issue 14: one
# naming scheme, grille_<object>_<verb>, _new/_free, <object>_<item>_count
# and <object>_<item>_get).  Apply once, to sources that use the 0.1 names:
#   sed -i -f scripts/rename-api-0.2.sed $(git grep -l grille_ -- lib bin tests fuzz bench doc po/fr.po README.md)
# Not idempotent: grille_document_speaker_get (an attribute) becomes
# grille_document_speaker_lookup before grille_document_speaker becomes
# grille_document_speaker_get.  The twins merged into one function
# (grille_matrix_new, grille_export_iramuteq, grille_refi_import_gold,
# grille_eval_new) changed their arguments: the compiler points at the
# calls to fix by hand.
s/\bgrille_code\b/grille_coding_new/g
s/\bgrille_tokenize\b/grille_tokens_new/g
s/\bgrille_coding_count\b/grille_coding_segment_count/g
s/\bgrille_coding_segment\b/grille_coding_segment_get/g
s/\bgrille_coding_unit\b/grille_coding_unit_get/g
s/\bgrille_codebook_theme\b/grille_codebook_theme_get/g
s/\bgrille_codebook_rule\b/grille_codebook_rule_get/g
s/\bgrille_codebook_find_theme\b/grille_codebook_theme_find/g
s/\bgrille_codebook_find_rule\b/grille_codebook_rule_find/g
s/\bgrille_search_codebook\b/grille_codebook_new_search/g
s/\bgrille_document_unit\b/grille_document_unit_get/g
s/\bgrille_document_speaker_get\b/grille_document_speaker_lookup/g
s/\bgrille_document_speaker\b/grille_document_speaker_get/g
s/\bgrille_document_get\b/grille_document_variable_lookup/g
s/\bgrille_document_variable\b/grille_document_variable_get/g
s/\bgrille_document_warning\b/grille_document_warning_get/g
s/\bgrille_write_speakers\b/grille_document_write_speakers/g
s/\bgrille_table_warning\b/grille_table_warning_get/g
s/\bgrille_table_matches\b/grille_table_row_matches/g
s/\bgrille_corpus_list\b/grille_corpus_new/g
s/\bgrille_corpus_count\b/grille_corpus_file_count/g
s/\bgrille_corpus_path\b/grille_corpus_file_path/g
s/\bgrille_corpus_id\b/grille_corpus_file_id/g
s/\bgrille_corpus_skipped\b/grille_corpus_skipped_get/g
s/\bgrille_matrix_columns\b/grille_matrix_column_count/g
s/\bgrille_matrix_units\b/grille_matrix_column_units/g
s/\bgrille_matrix_new_opts\b/grille_matrix_new/g
s/\bgrille_write_segments_header\b/grille_coding_write_header/g
s/\bgrille_write_segments_sheet\b/grille_coding_write_sheet/g
s/\bgrille_write_segments\b/grille_coding_write/g
s/\bgrille_kwic_header\b/grille_kwic_write_header/g
s/\bgrille_cooc_count\b/grille_cooc_cell/g
s/\bgrille_export_iramuteq_warn\b/grille_export_iramuteq/g
s/\bgrille_refi_import_gold_opts\b/grille_refi_import_gold/g
s/\bgrille_eval_new_coders\b/grille_eval_new/g
s/\bgrille_eval_theme\b/grille_eval_theme_get/g
s/\bgrille_eval_documents\b/grille_eval_document_count/g
s/\bgrille_stats_rule\b/grille_stats_rule_get/g
s/\bgrille_diff_changes\b/grille_diff_change_count/g
s/\bgrille_note_write\b/grille_note_write_codings/g
