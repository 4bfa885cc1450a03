package org.carelake.synthea;
