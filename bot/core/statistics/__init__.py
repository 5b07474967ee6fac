"""Period statistics of tickets, modelled on the official reports on receiving and handling
phản ánh, kiến nghị, khiếu nại, tố cáo (DESIGN §3): periods, and the figures of a period."""
