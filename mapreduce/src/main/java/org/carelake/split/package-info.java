package org.carelake.split;
