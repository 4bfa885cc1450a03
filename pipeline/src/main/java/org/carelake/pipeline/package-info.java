package org.carelake.pipeline;
