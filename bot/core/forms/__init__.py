"""The Thanh tra report forms (Thông tư 02/2021/TT-TTCP): Biểu 01-04/XLD, 01-03/KQGQ, 01/TCD."""
