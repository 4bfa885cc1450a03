package org.carelake.hive;
