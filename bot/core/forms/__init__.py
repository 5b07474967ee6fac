"""The Thanh tra report forms (Thông tư 02/2021/TT-TTCP): Biểu 01-04/XLD, 01-03/KQGQ, 01/TCD."""

# The forms `pakn report --form` writes, in the order of the circular (bot.core.forms.build).
FORMS = ("01/XLD", "02/XLD", "03/XLD", "04/XLD", "01/KQGQ", "02/KQGQ", "03/KQGQ", "01/TCD")
