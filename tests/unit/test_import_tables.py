"""Reading import files: encodings, line endings, quoting and physical line numbers."""

import pytest

from arrears.imports.domain.tables import UnreadableFile, read_table


class TestReadTable:
    def test_read_table_strips_a_byte_order_mark_and_reads_crlf(self):
        content = "\ufeffa,b\r\n1,2\r\n3,4\r\n".encode()

        table = read_table(content)

        assert table.header == ("a", "b")
        assert [(row.line, row.values) for row in table.rows] == [(2, ("1", "2")), (3, ("3", "4"))]

    def test_read_table_numbers_rows_by_the_physical_line_they_start_on(self):
        content = b'a,b\n1,"two\nlines, with a comma"\n3,4\n'

        table = read_table(content)

        assert [row.line for row in table.rows] == [2, 4]
        assert table.rows[0].values == ("1", "two\nlines, with a comma")

    def test_read_table_skips_blank_lines_but_keeps_counting_them(self):
        content = b"a,b\n\n1,2\n,\n5,6\n"

        table = read_table(content)

        assert [(row.line, row.values) for row in table.rows] == [(3, ("1", "2")), (5, ("5", "6"))]

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"", "empty"),
            (b"  \n\n", "empty"),
            (b"a,b\n\xff\xfe,1\n", "not UTF-8"),
            (b'a,b\n1,"unclosed\n', "cannot be read as CSV"),
        ],
    )
    def test_read_table_refuses_what_is_not_a_utf8_csv_file(self, content, message):
        with pytest.raises(UnreadableFile, match=message):
            read_table(content)
