package org.carelake.sqoop;
