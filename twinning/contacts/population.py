"""Contacts of the synthetic population (position 60): about ten per active teacher, written later."""
