"""Tests of the pure rules package lkjip_xl.rules."""
